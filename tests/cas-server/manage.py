#!/usr/bin/python3
"""A real CAS server for the tests (Debian's python3-django-cas-server). Not part of the app."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casproject.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
