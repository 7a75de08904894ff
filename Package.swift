// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tdsync",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "SyncCore", targets: ["SyncCore"]),
        .library(name: "Commendation", targets: ["Commendation"]),
        .library(name: "SyncServer", targets: ["SyncServer"]),
        .library(name: "SyncClient", targets: ["SyncClient"]),
        .library(name: "WebApp", targets: ["WebApp"]),
        .executable(name: "tdsync", targets: ["tdsync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // `swift package generate-documentation --target SyncCore` (or SyncClient, Commendation).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // One C call Swift cannot make (sqlite3_config is variadic).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "SyncCore",
            dependencies: [
                "CSQLiteTuning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The commendation domain: its schema, reference data, workflow, eligibility, statistics, CSV and .xlsx.
        .target(
            name: "Commendation",
            dependencies: [
                "SyncCore",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "SyncServer",
            dependencies: [
                "SyncCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "SyncClient",
            dependencies: [
                "SyncCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The web app (`tdsync app`): pages over the node's own replica, for the province and the board.
        .target(
            name: "WebApp",
            dependencies: [
                "SyncCore", "Commendation", "SyncClient", "SyncServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                // The import page's file upload (multipart/form-data).
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "tdsync",
            dependencies: [
                "SyncCore", "Commendation", "SyncClient", "SyncServer", "WebApp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tdsync-bench",
            dependencies: ["SyncCore", "Commendation", "SyncServer", "SyncClient", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // A throw-away PostgreSQL cluster for the tests of both test targets (scripts/pg-temp.sh).
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        // Temporary directories and a hand-set clock, for the tests of the engine and the domain.
        .target(name: "TestSupport", dependencies: ["SyncCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SyncCoreTests", dependencies: ["SyncCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CommendationTests", dependencies: ["Commendation", "SyncCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "SyncServerTests", dependencies: [
            "SyncServer", "SyncCore", "Commendation",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "SyncClientTests", dependencies: [
            "SyncClient", "SyncCore", "SyncServer", "Commendation", "PostgresTestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["Fixtures"]),
        // The web app's parts that need no server: the multipart form, the kept uploads.
        .testTarget(name: "WebAppTests", dependencies: ["WebApp", .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "tdsyncTests", dependencies: ["SyncCore", "Commendation", "SyncClient", "PostgresTestSupport",
                                                       .product(name: "Logging", package: "swift-log"),
                                                       // WebDriver and the web app's refusals, over HTTP.
                                                       .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                       .product(name: "NIOSSL", package: "swift-nio-ssl")]),
    ]
)
