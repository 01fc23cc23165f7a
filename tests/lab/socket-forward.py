#!/usr/bin/env python3
"""Forwards TCP connections on ADDRESS:PORT to a Unix socket: the lab's way to the daemon's status page from a browser,
as `ssh -L 9665:/run/giragent/giragent.sock NODE` is an operator's (the daemon answers /ui on its socket to anyone who
may open it, and over TCP only from loopback or with authentication).

    socket-forward.py ADDRESS:PORT /run/giragent/giragent.sock
"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:  # noqa: BLE001 - a closed peer is the end either way
            pass


async def main(listen, path):
    async def connection(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_unix_connection(path)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    host, port = listen.rsplit(":", 1)
    server = await asyncio.start_server(connection, host, int(port))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
