"""gongkai (公开): a government information disclosure portal on Django and Wagtail."""
