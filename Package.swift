// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "scimd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scimd", targets: ["scimd"]),
        .executable(name: "scimctl", targets: ["scimctl"]),
        .executable(name: "scimbench", targets: ["scimbench"]),
        // For the fuzz package in Fuzz/ (docs/fuzzing.md), which depends on this one by path.
        .library(name: "SCIM", targets: ["SCIM"]),
        .library(name: "Store", targets: ["Store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", exact: "0.2.0"),
        // Already in the graph through async-http-client; named for built-in TLS (docs/decisions/0007-tls.md).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        // Signed OAuth access tokens (docs/decisions/0008-oauth-access-tokens.md).
        .package(url: "https://github.com/vapor/jwt-kit.git", exact: "5.8.0"),
        // The PostgreSQL store's driver and connection pool, no ORM (docs/decisions/0010-postgresql-store.md).
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        // The console's server-rendered pages, templates compiled into the binary (docs/decisions/0011-console.md).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
    ],
    targets: [
        // The system libsqlite3 (3.40 here, with JSON1 and FTS5); see docs/decisions/0001-sqlite-access.md.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Pure SCIM core: schema model, values, paths, filters, PATCH, validation. Foundation only.
        .target(name: "SCIM"),
        // Storage protocol and the SQLite implementation.
        .target(
            name: "Store",
            dependencies: [
                "SCIM", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                // The writer's wait and transaction timers, sync-log entries by status (docs/operations.md).
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The PostgreSQL implementation of the storage protocols, for several scimd processes on
        // one database. Its own target so the SQLite-only parts (the fuzz package) do not build
        // the driver.
        .target(
            name: "StorePostgres",
            dependencies: [
                "SCIM", "Store",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Service layer shared by the server and the CLI.
        .target(
            name: "Provisioning",
            dependencies: [
                "SCIM", "Store", "StorePostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        // HTTP layer: routes, authentication, middleware.
        .target(
            name: "ScimdServer",
            dependencies: [
                "SCIM", "Provisioning",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The webhook deliverer's client (docs/decisions/0006-webhook-deliverer.md).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // Built-in TLS with certificate reload (docs/decisions/0007-tls.md).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(name: "scimd", dependencies: ["ScimdServer"]),
        .executableTarget(
            name: "scimctl",
            dependencies: [
                "SCIM", "Provisioning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Load generator for any SCIM 2.0 server (`make bench`); shares no code with the server.
        .executableTarget(
            name: "scimbench",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Test support: starting the real binaries without Foundation's Process (see its comment).
        .target(name: "ChildProcess", path: "Tests/Support/ChildProcess"),
        // Test support: empty databases on the cluster scripts/with-postgres.sh starts.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Store", "StorePostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/Support/PostgresTestSupport"
        ),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "StorePostgres", "SCIM",
                // A fresh database per contract test on the cluster scripts/with-postgres.sh starts.
                "PostgresTestSupport",
            ]
        ),
        .testTarget(name: "ProvisioningTests", dependencies: ["Provisioning", "Store", "SCIM"]),
        .testTarget(
            name: "ScimdServerTests",
            dependencies: [
                "ScimdServer", "Provisioning", "SCIM", "ChildProcess", "PostgresTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // A TLS client that offers exactly the versions a test names.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                // Forging access tokens by hand in the OAuth tests, independently of JWTKit.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "scimctlTests", dependencies: ["Provisioning", "SCIM", "Store", "ChildProcess"]),
    ]
)
