"""One module per `peerdir` subcommand; each registers itself with `peerdir.commands.registry.subcommand`."""
