"""The importers' entry points: WordPress import and export, called by the commands."""

from samizdat.importers.wordpress.exporter import wordpress_export
from samizdat.importers.wordpress.importer import wordpress_import
from samizdat.importers.wordpress.wxr import WXRError

__all__ = ["WXRError", "wordpress_export", "wordpress_import"]
