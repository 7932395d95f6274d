// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "sessiond",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sessiond", targets: ["sessiond"]),
        .library(name: "SessionCore", targets: ["SessionCore"]),
        .library(name: "SessionStore", targets: ["SessionStore"]),
        .library(name: "SessionStoreSQLite", targets: ["SessionStoreSQLite"]),
        .library(name: "SessionStorePostgres", targets: ["SessionStorePostgres"]),
        .library(name: "SessionKit", targets: ["SessionKit"]),
        .library(name: "SessionServer", targets: ["SessionServer"]),
        .library(name: "SessionClient", targets: ["SessionClient"]),
        // The client's offline buffer on an SQLite file: a product of its own, so a client that never buffers skips GRDB.
        .library(name: "SessionOfflineBuffer", targets: ["SessionOfflineBuffer"]),
        .library(name: "SessionTracing", targets: ["SessionTracing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // No default traits: swift-configuration and full Foundation are not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        .target(
            name: "SessionCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionStore",
            dependencies: ["SessionCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionStoreSQLite",
            dependencies: [
                "SessionCore", "SessionStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionStorePostgres",
            dependencies: [
                "SessionCore", "SessionStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The system's zlib, for gzip archives (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // syncfs(2), to flush a batch of archive files with one journal commit.
        .systemLibrary(name: "CSyncFS", path: "Sources/CSyncFS"),
        .target(
            name: "SessionKit",
            dependencies: [
                "SessionCore", "SessionStore", "CZlib", "CSyncFS",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionServer",
            dependencies: [
                "SessionCore", "SessionStore", "SessionKit", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                // Alert webhooks.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // Compiled into the binary: the dashboard works offline, wherever sessiond is copied; the OpenAPI document.
            resources: [
                .embedInCode("Dashboard/index.html"), .embedInCode("Dashboard/app.css"), .embedInCode("Dashboard/app.js"),
                .embedInCode("Dashboard/api.js"), .embedInCode("Dashboard/charts.js"), .embedInCode("Dashboard/dom.js"),
                .embedInCode("Dashboard/format.js"), .embedInCode("Dashboard/page.js"), .embedInCode("Dashboard/overview.js"),
                .embedInCode("Dashboard/sessions.js"), .embedInCode("Dashboard/session.js"), .embedInCode("Dashboard/assistants.js"),
                .embedInCode("Dashboard/conversation.js"),
                .embedInCode("openapi.yaml"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionClient",
            dependencies: [
                "SessionCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionOfflineBuffer",
            dependencies: ["SessionCore", "SessionClient", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Simulated sessions for `sessiond serve --demo`: not a product.
        .target(
            name: "SessionDemo",
            dependencies: [
                "SessionCore", "SessionStore", "SessionKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The measurements behind `sessiond bench …` (docs/BENCHMARKS.md): not a product; sessiond links it for the
        // thin `bench` commands, which start `sessiond serve` children from the same binary.
        .target(
            name: "SessionBenchmarks",
            dependencies: [
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionKit", "SessionServer", "SessionTracing", "SessionDemo",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SessionTracing",
            dependencies: [
                "SessionCore",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "sessiond",
            dependencies: [
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionStorePostgres", "SessionKit", "SessionServer", "SessionClient",
                "SessionTracing", "SessionDemo", "SessionBenchmarks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // The test kit shared by the test targets (manual clock, temporary directories, an engine
        // on a temporary store, in-memory logs, a loopback HTTP receiver); not a product.
        .target(
            name: "TestSupport",
            dependencies: [
                "SessionCore", "SessionKit", "SessionStoreSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionCoreTests",
            dependencies: ["SessionCore", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionDemoTests",
            dependencies: ["SessionCore", "SessionDemo"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionStoreTests",
            dependencies: [
                "TestSupport",
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionStorePostgres", "SessionKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionKitTests",
            dependencies: [
                "TestSupport",
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionKit", "SessionDemo",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionServerTests",
            dependencies: [
                "TestSupport",
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionKit", "SessionServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionClientTests",
            dependencies: [
                "TestSupport",
                "SessionCore", "SessionStore", "SessionStoreSQLite", "SessionKit", "SessionServer", "SessionClient", "SessionOfflineBuffer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SessionTracingTests",
            dependencies: [
                "TestSupport",
                "SessionCore", "SessionTracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "sessiondTests",
            dependencies: [
                "TestSupport",
                "sessiond", "SessionCore", "SessionKit", "SessionServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
