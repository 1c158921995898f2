from samizdat.posts.models import Page


def menu(request) -> dict:
    """Top-level published pages for the site menu (evaluated only if a template uses it)."""
    return {"menu_pages": Page.objects.published().filter(parent=None, show_in_menu=True)}
