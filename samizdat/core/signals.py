"""What core announces to the apps above it, which connect in their `AppConfig.ready()`."""

from django.dispatch import Signal

# sender: the settings row's class (SiteSettings, DiscussionSettings, …), after it changed
settings_changed = Signal()
