// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Hangar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hangar", targets: ["hangar"]),
        .executable(name: "hangar-fakes", targets: ["hangar-fakes"]),
        .executable(name: "hangar-bench-relay", targets: ["hangar-bench-relay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/GraphQLSwift/Graphiti", from: "3.1.0"),
    ],
    targets: [
        .executableTarget(
            name: "hangar", dependencies: ["CLI"],
            // Release builds on Linux pack their relative relocations (DT_RELR, glibc 2.36+): the
            // table the loader reads at every start shrinks from 2.2 MiB to 0.5 MiB, and so does
            // the idle server's RSS (README, "Idle memory").
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),
        .executableTarget(
            name: "hangar-bench-relay",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "hangar-fakes",
            dependencies: ["HangarTesting", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "CLI",
            dependencies: [
                "App", "Backups", "HTTPAPI", "HangarClient", "HangarOpenAPI", "HangarCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "App",
            dependencies: [
                "Providers", "HTTPAPI", "Catalog", "LocalModels", "Ollama", "Jobs", "Storage", "Secrets", "HangarCore",
                "Governance", "Upstream", "CatalogSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "HangarOpenAPI", "Gateway", "Providers", "Catalog", "LocalModels", "Ollama", "Jobs", "Storage", "Secrets", "HangarCore",
                "Governance", "Upstream", "CZlib", "GraphQLAPI", "CatalogSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .target(
            name: "HangarClient",
            dependencies: [
                "HangarOpenAPI", "HangarCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Providers", "Governance", "Catalog", "Jobs", "Upstream", "Storage", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "HangarOpenAPI",
            dependencies: [
                "HangarCore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "Secrets",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "GraphQLAPI",
            dependencies: [
                "Catalog", "Gateway", "Governance", "LocalModels", "HangarCore",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Graphiti", package: "Graphiti"),
            ],
            // The committed SDL, for clients and the drift test; not compiled.
            exclude: ["schema.graphql"]
        ),
        .target(
            name: "Catalog",
            dependencies: [
                "Jobs", "Storage", "Secrets", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Storage",
            dependencies: [
                "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "HangarCore"),
        .target(
            name: "Backups",
            dependencies: ["Storage", "HangarCore", .product(name: "Logging", package: "swift-log")]
        ),
        // The system zlib (already linked by Foundation), for gzip responses.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "Upstream",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Ollama",
            dependencies: [
                "Catalog", "Jobs", "LocalModels", "Secrets", "Storage", "Upstream", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Jobs",
            dependencies: [
                "Storage", "HangarCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "LocalModels",
            dependencies: [
                "Catalog", "Jobs", "Secrets", "Storage", "Upstream", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CatalogSync",
            dependencies: [
                "Catalog", "Providers", "Governance", "Jobs", "Upstream", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // LiteLLM's price file (MIT, its licence beside it), read by price sync.
            resources: [.copy("Resources/model_prices_and_context_window.json"), .copy("Resources/LICENSE-litellm.txt")]
        ),
        .target(
            name: "Governance",
            dependencies: ["Catalog", "Storage", "HangarCore", .product(name: "SQLKit", package: "sql-kit")]
        ),
        .target(
            name: "Providers",
            dependencies: [
                "Catalog", "Governance", "Secrets", "Storage", "Upstream", "HangarCore", .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "HangarTesting",
            dependencies: [
                "Storage", "LocalModels", "Ollama", "Upstream", "HangarCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "HangarCoreTests", dependencies: ["HangarCore"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "HangarTesting"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Catalog", "Storage", "HangarTesting", "HangarCore"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Jobs", "Storage", "Secrets", "HangarTesting", "HangarCore"]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets"]),
        .testTarget(
            name: "GovernanceTests",
            dependencies: ["Governance", "Catalog", "Secrets", "Storage", "HangarTesting", "HangarCore"]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "Providers", "App", "HTTPAPI", "Catalog", "LocalModels", "Ollama", "Jobs", "Secrets",
                "HangarTesting", "HangarCore", "Governance", "GraphQLAPI", "CatalogSync",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "CatalogSyncTests",
            dependencies: ["CatalogSync", "Catalog", "Governance", "Secrets", "Storage", "HangarTesting", "HangarCore"]
        ),
        .testTarget(name: "OllamaTests", dependencies: ["Ollama", "Upstream", "HangarTesting", "HangarCore"]),
        .testTarget(name: "UpstreamTests", dependencies: ["Upstream", "HangarTesting"]),
        .testTarget(
            name: "HangarTestingTests",
            dependencies: [
                "HangarTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Upstream", "HangarTesting", "HangarCore"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Storage", "HangarTesting", "HangarCore"]),
        .testTarget(
            name: "LocalModelsTests",
            dependencies: [
                "LocalModels", "Catalog", "Jobs", "Secrets", "Storage", "Upstream", "HangarTesting", "HangarCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "CLI", "App", "LocalModels", "HangarTesting", "HangarCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
