"""`samizdat app-password`: application passwords from the shell, as WP-CLI's
`wp user application-password` does.

    samizdat app-password create USERNAME NAME    the new password alone on the last line
    samizdat app-password list USERNAME
    samizdat app-password delete USERNAME NAME
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samizdat.publishing.models import AppPassword
from samizdat.publishing.services import app_password_create, app_password_delete


class Command(BaseCommand):
    help = "Create, list and delete application passwords (WordPress apps, MarsEdit, …)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        create = commands.add_parser("create", help="Make a new app password and print it.")
        create.add_argument("username")
        create.add_argument("name", help="What it is for, e.g. the app's name.")
        listing = commands.add_parser("list", help="List a user's app passwords.")
        listing.add_argument("username")
        delete = commands.add_parser("delete", help="Revoke an app password.")
        delete.add_argument("username")
        delete.add_argument("name")

    def handle(self, *args, subcommand: str, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if subcommand == "create":
            try:
                _, password = app_password_create(user=user, name=options["name"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stderr.write(f"App password “{options['name']}” for {username} (shown once):")
            self.stdout.write(password)
        elif subcommand == "list":
            items = AppPassword.objects.filter(user=user)
            if not items:
                self.stderr.write(f"{username} has no app passwords.")
            for item in items:
                used = (
                    f"last used {item.last_used_at:%Y-%m-%d %H:%M} from {item.last_ip or '?'}"
                    if item.last_used_at
                    else "never used"
                )
                self.stdout.write(f"{item.name}\tcreated {item.created_at:%Y-%m-%d %H:%M}\t{used}")
        else:
            item = AppPassword.objects.filter(user=user, name=options["name"]).first()
            if item is None:
                raise CommandError(f"{username} has no app password called {options['name']!r}.")
            app_password_delete(app_password=item)
            self.stdout.write(f"Deleted app password “{item.name}” of {username}.")
