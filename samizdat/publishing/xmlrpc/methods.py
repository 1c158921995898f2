"""The XML-RPC methods writing apps call (MarsEdit, the WordPress app, Open Live Writer, …):
wp.*, metaWeblog.*, blogger.* and mt.*, with WordPress's structures and fault codes, and
system.*. No pingback methods. Every write goes through posts.services and media.services."""

from functools import partial

from samizdat.publishing.xmlrpc.metaweblog import metaweblog_methods
from samizdat.publishing.xmlrpc.protocol import Call, Fault, dispatch
from samizdat.publishing.xmlrpc.structures import Session
from samizdat.publishing.xmlrpc.wordpress import wordpress_methods


def methods(session: Session) -> dict:
    wp = wordpress_methods(session)
    table = {**wp, **metaweblog_methods(session, wp)}
    # As WordPress answers it: every method (python-wordpress-xmlrpc checks against this).
    table["mt.supportedMethods"] = lambda: sorted(n for n in table if not n.startswith("system."))
    table["system.listMethods"] = lambda: sorted(table)
    table["system.getCapabilities"] = lambda: {
        "xmlrpc": {"specUrl": "http://www.xmlrpc.com/spec", "specVersion": 1},
        "faults_interop": {
            "specUrl": "http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php",
            "specVersion": 20010516,
        },
        "system.multicall": {
            "specUrl": "http://www.xmlrpc.com/discuss/msgReader$1208",
            "specVersion": 1,
        },
    }
    table["system.multicall"] = partial(_multicall, table)
    return table


def _multicall(table: dict, calls):
    results = []
    for call in calls or []:
        name = call.get("methodName")
        if name == "system.multicall":
            results.append(
                {
                    "faultCode": -32600,
                    "faultString": "Recursive calls to system.multicall are forbidden.",
                }
            )
            continue
        try:
            results.append(
                [dispatch(table, Call(method=name, params=tuple(call.get("params", []))))]
            )
        except Fault as fault:
            results.append({"faultCode": fault.code, "faultString": fault.message})
    return results
