"""Where `assessor serve` listens: `--host` resolved as the listening socket resolves it
(`getaddrinfo`, numeric spellings included), and judged on the addresses it resolves to, not on
how it is written: `0`, `0x0`, `::0` and `0000::` all mean every network at once."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from assessor.errors import UserError
from assessor.web.access import netloc

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SocketAddress = tuple[str, int] | tuple[str, int, int, int]
Resolved = tuple[socket.AddressFamily, SocketAddress]


@dataclass(frozen=True)
class Listening:
    """The checked host: as a browser writes it (in the address, Host and Origin), where the
    socket binds, and whether that is this machine only."""

    host: str
    family: socket.AddressFamily
    sockaddr: SocketAddress
    loopback: bool


def listening(host: str, port: int, expose: bool) -> Listening:
    """Never every network at once; loopback only, unless `expose`; a numeric host only in the
    form a browser sends, so the printed address is the one the server accepts."""
    found = resolve(host, port)
    addresses = [address_of(sockaddr) for _, sockaddr in found]
    wildcard = next((address for address in addresses if address.is_unspecified), None)
    if wildcard is not None:
        means = "" if host == str(wildcard) else f" means {wildcard}, which"
        raise UserError(
            f"--host '{host}'{means} listens on every network at once, so the address people "
            "open cannot be checked; give this machine's address on the room's network, such "
            "as --host 192.168.1.20 --expose"
        )
    family, sockaddr = found[0]
    browser_host = host
    if is_numeric(host):
        browser_host = canonical(host, sockaddr)
    loopback = all(address.is_loopback for address in addresses)
    if not loopback and not expose:
        off = ", ".join(sorted({str(a) for a in addresses if not a.is_loopback}))
        what = "is not" if is_numeric(host) else f"resolves to {off}, which is not"
        raise UserError(
            f"--host {host} {what} a loopback address, so anyone on that network could reach "
            "the app; to serve it there on purpose, add --expose"
        )
    return Listening(browser_host, family, sockaddr, loopback)


def resolve(host: str, port: int) -> list[Resolved]:
    """What the listening socket would bind to for `host` (an empty host: every network, as
    Python's `bind` reads it)."""
    try:
        if host == "":
            found = socket.getaddrinfo(None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        else:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise UserError(
            f"--host '{host}' is neither an address nor a name this machine can resolve ({reason})"
        ) from None
    resolved = [(family, sockaddr) for family, _, _, _, sockaddr in found]
    if not resolved:  # pragma: no cover - getaddrinfo raises rather than find nothing
        raise UserError(f"--host '{host}' resolves to no address")
    # typeshed's getaddrinfo also allows (int, bytes) addresses, of families other than IP's
    return resolved  # type: ignore[return-value]


def address_of(sockaddr: SocketAddress) -> IPAddress:
    """The address a socket address names; an IPv4-mapped IPv6 address as the IPv4 one it is."""
    address = ipaddress.ip_address(sockaddr[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_numeric(host: str) -> bool:
    """Whether the resolver reads `host` as an address rather than a name (`127.1` included)."""
    try:
        socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError, ValueError):
        return False
    return True


def canonical(host: str, sockaddr: SocketAddress) -> str:
    """The numeric `host` as a browser writes it, or refused with the form to give instead
    (a browser reads `127.1` as 127.0.0.1 and sends that, which this server would refuse)."""
    if len(sockaddr) == 4 and sockaddr[3]:
        raise UserError(
            f"--host {host} names a network interface (a zone), which a browser's address "
            "cannot hold; give an address without it"
        )
    form = str(address_of(sockaddr))
    if host.lower() != form:
        raise UserError(
            f"--host {host} is {form} written another way, and the server accepts only the "
            f"address a browser sends; give --host {form}"
        )
    return form


def listen(where: Listening, port: int) -> socket.socket:
    """The listening socket on the checked address, bound before anything is said (port 0: a
    free one)."""
    try:
        return socket.create_server(where.sockaddr, family=where.family)
    except OSError as error:
        raise UserError(
            f"cannot listen on {netloc(where.host, port)}: {error.strerror or error}"
        ) from None
