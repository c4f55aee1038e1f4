"""Editorial governance: departments and roles, the 三审 workflow, urgent publishing, scheduling, audit."""
