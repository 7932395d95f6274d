public import SessionKit

/// Everything `sessiond serve` needs besides its store.
public struct SessionServerConfiguration: Sendable {
    /// Address to bind. Default `127.0.0.1`.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one. Default 7411.
    public var port: Int = 7411
    /// Largest request body in bytes. Default 8 MiB.
    public var maxBodyBytes: Int = 8 << 20
    /// Limits on appends (1 MiB per event, 1000 per batch, 64 levels of JSON by default).
    public var limits: SessionLimits = SessionLimits()
    /// How often the sweeper runs. Default 5 s.
    public var sweepInterval: Duration = .seconds(5)
    /// Refuse `/v1` requests without a valid API token even when no token exists (never open
    /// mode). Always on when ``host`` is not a loopback address, so revoking the last token of a
    /// server bound to the network never opens its API. Default false.
    public var requireToken: Bool = false
    /// Live stream: a comment line after this long without events keeps proxies from closing it. Default 15 s.
    public var streamKeepAlive: Duration = .seconds(15)
    /// Live stream: how often the store is polled for events written by other processes. Default 1 s.
    public var streamPollInterval: Duration = .seconds(1)
    /// Live stream: a subscriber that takes longer than this to accept one write is dropped. Default 30 s.
    public var streamSlowConsumerTimeout: Duration = .seconds(30)

    /// The registry `GET /metrics` serves; give its ``ServerMetrics/factory`` to the engine too.
    /// Default: a registry of its own.
    public var metrics = ServerMetrics()

    /// Alert transitions for `/v1/stream` (published by an ``SessionKit/AlertEvaluator`` given the
    /// same feed). Default: a feed of its own, on which nothing is published.
    public var alertFeed = AlertFeed()

    public init() {}
}

/// Request limits checked before any work is done.
public struct SessionLimits: Sendable {
    /// Deepest JSON nesting of a request body. Default 64.
    public var maxJSONDepth: Int = 64
    /// Longest string in a request body, in bytes. Default 1 MiB.
    public var maxStringBytes: Int = 1 << 20

    public init() {}
}
