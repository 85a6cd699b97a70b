from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, str]:
    """Names every page shows: the portal title and the two documents it tracks."""
    return {
        "portal_title": "楚雄州开发区提质增效监测平台",
        "portal_documents": "楚办发〔2023〕5号 · 楚办发〔2023〕7号",
    }
