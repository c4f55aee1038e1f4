"""Static publishing: live pages rendered to files in a publish root, kept in step with every change."""
