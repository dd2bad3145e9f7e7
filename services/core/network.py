"""The names and addresses under which this machine can be reached, for the trusted-hosts check."""

from __future__ import annotations

import socket

import ifaddr


def local_host_names() -> list[str]:
    """localhost, this machine's host names, and every address of its network interfaces."""
    names = {'localhost', '127.0.0.1', '::1'}
    hostname = socket.gethostname()
    names.update({hostname, f'{hostname}.local', socket.getfqdn()})
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            address = ip.ip if isinstance(ip.ip, str) else ip.ip[0]
            names.add(address.split('%')[0])
    return sorted(name for name in names if name)
