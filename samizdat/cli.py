"""The `samizdat` command: Django's command runner with samizdat's settings preselected."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samizdat.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samizdat", *sys.argv[1:]])
