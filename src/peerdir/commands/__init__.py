"""One module per `peerdir` subcommand; each registers itself with `peerdir.cli.subcommand`."""
