"""The local offer's pages: the directory for everyone who works in the municipality (on
the phone too), adding and changing entries for who keeps it."""
