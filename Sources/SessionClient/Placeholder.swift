// The typed client of the sessiond HTTP API (being written).
enum SessionClientPlaceholder {}
