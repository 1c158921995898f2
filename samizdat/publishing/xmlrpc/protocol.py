"""XML-RPC on the wire: requests parsed by defusedxml's parser (no entity expansion, no
external entities, so no "billion laughs" and no file reads), answers and faults marshalled by
the standard library."""

import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass

from defusedxml.xmlrpc import DefusedExpatParser


class Fault(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Call:
    method: str
    params: tuple


def call_parse(data: bytes) -> Call:
    unmarshaller = xmlrpc.client.Unmarshaller(use_builtin_types=False)
    parser = DefusedExpatParser(unmarshaller, forbid_dtd=True)
    try:
        parser.feed(data)
        parser.close()
        params = unmarshaller.close()
        method = unmarshaller.getmethodname()
    except Exception:  # expat, defusedxml and the unmarshaller each raise their own kinds
        raise Fault(-32700, "parse error. not well formed") from None
    if not method:
        raise Fault(-32600, "server error. invalid xml-rpc. not conforming to spec.")
    return Call(method=method, params=tuple(params))


def response_dump(result) -> bytes:
    return xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False).encode()


def fault_dump(fault: Fault) -> bytes:
    return xmlrpc.client.dumps(xmlrpc.client.Fault(fault.code, fault.message)).encode()


def dispatch(methods: dict[str, Callable], call: Call):
    handler = methods.get(call.method)
    if handler is None:
        raise Fault(-32601, f"server error. requested method {call.method} does not exist.")
    try:
        return handler(*call.params)
    except TypeError as error:
        if "positional argument" in str(error):
            raise Fault(400, "Insufficient arguments passed to this XML-RPC method.") from None
        raise
