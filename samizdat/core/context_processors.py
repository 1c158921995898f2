from samizdat.core.models import SiteSettings


def site(request) -> dict:
    return {"site": SiteSettings.load()}
