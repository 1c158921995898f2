"""What accounts announce to the apps above them, which connect in their `AppConfig.ready()`."""

from django.dispatch import Signal

# user: what readers see of them changed (their name or picture): pages showing them go stale
user_shown_changed = Signal()
