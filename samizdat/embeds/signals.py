"""What embeds announce to the apps whose bodies show cards (posts), connected in their
`AppConfig.ready()`: sent by `embeds.services` when what a card shows (title, text, the local
thumbnail) changed, so bodies rendered before can be rendered again."""

from django.dispatch import Signal

# key: the embed's key ("youtube:dQw4w9WgXcQ")
embed_changed = Signal()
