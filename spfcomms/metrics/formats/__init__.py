"""One module per kind of export; each turns a file into observations."""
