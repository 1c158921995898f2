"""Webmention (W3C): replies, likes and mentions from other sites, received into the one
conversation under each post, and sent to the pages our posts link to."""
