from peerdir.search.cli import main

raise SystemExit(main())
