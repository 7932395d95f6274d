#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
public import SessionCore
public import SessionStore

extension PostgresSessionStore {
    /// Where and how the store connects.
    public struct Configuration: Sendable {
        /// Whether connections use TLS, as libpq's `sslmode`.
        public struct TLS: Sendable, Hashable {
            private enum Mode: Hashable, Sendable { case disable, prefer, require, verifyCA, verifyFull }
            private let mode: Mode
            private init(_ mode: Mode) { self.mode = mode }

            /// Plain TCP. The default.
            public static let disable = TLS(.disable)
            /// TLS when the server offers it, without certificate checks (`sslmode=prefer`).
            public static let prefer = TLS(.prefer)
            /// TLS always, without certificate checks (`sslmode=require`).
            public static let require = TLS(.require)
            /// TLS always, the certificate chain checked but not the host name (`sslmode=verify-ca`).
            public static let verifyCA = TLS(.verifyCA)
            /// TLS always, certificate and host name checked (`sslmode=verify-full`).
            public static let verifyFull = TLS(.verifyFull)

            /// `sslmode` as libpq spells it (`allow` is taken as `prefer`), or `nil` if unknown.
            init?(sslmode: String) {
                switch sslmode {
                case "disable": self = .disable
                case "allow", "prefer": self = .prefer
                case "require": self = .require
                case "verify-ca": self = .verifyCA
                case "verify-full": self = .verifyFull
                default: return nil
                }
            }

            var client: PostgresClient.Configuration.TLS {
                var tls = TLSConfiguration.makeClientConfiguration()
                switch mode {
                case .disable: return .disable
                case .prefer:
                    tls.certificateVerification = .none
                    return .prefer(tls)
                case .require:
                    tls.certificateVerification = .none
                    return .require(tls)
                case .verifyCA:
                    tls.certificateVerification = .noHostnameVerification
                    return .require(tls)
                case .verifyFull:
                    return .require(tls)
                }
            }
        }

        /// Server host name or IP address. Default `127.0.0.1`.
        public var host: String
        /// Server port. Default 5432.
        public var port: Int
        /// Default `postgres`.
        public var username: String
        /// The password, if the server asks for one. A secret: never logged.
        public var password: String?
        /// The database; the server takes the user name when `nil`.
        public var database: String?
        /// The schema every connection uses (its `search_path`), created by
        /// ``PostgresSessionStore/migrate()`` if missing; the server's default when `nil`.
        public var schema: String?
        /// Most connections the pool opens. Default 20.
        public var maxConnections: Int
        /// Default ``TLS-swift.struct/disable``.
        public var tls: TLS
        /// Seals payloads (encryption at rest) when set. Default `nil`: stored in the clear.
        public var cipher: PayloadCipher?

        public init(
            host: String = "127.0.0.1", port: Int = 5432, username: String = "postgres", password: String? = nil,
            database: String? = nil, schema: String? = nil, maxConnections: Int = 20, tls: TLS = .disable
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.schema = schema
            self.maxConnections = maxConnections
            self.tls = tls
        }

        /// Reads a connection URL:
        /// `postgres://user:password@host:port/database?schema=name&sslmode=disable`
        /// (also `postgresql://`). User name, password and database are percent-decoded; the
        /// port defaults to 5432, `sslmode` to `disable`.
        ///
        /// - Throws: `invalid_argument` naming what is wrong, never the URL itself (it may hold a password).
        public init(url: String) throws(SessionError) {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
                throw SessionError(.invalidArgument, "the PostgreSQL URL is malformed")
            }
            guard scheme == "postgres" || scheme == "postgresql" else {
                throw SessionError(.invalidArgument, "a PostgreSQL URL starts with postgres:// or postgresql://")
            }
            guard let host = components.host, !host.isEmpty else {
                throw SessionError(.invalidArgument, "the PostgreSQL URL has no host")
            }
            self.init(host: host, port: components.port ?? 5432)
            if let user = components.user, !user.isEmpty { username = user }
            password = components.password
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            if !path.isEmpty { database = path }
            for item in components.queryItems ?? [] {
                let value = item.value ?? ""
                switch item.name {
                case "schema":
                    guard !value.isEmpty else { throw SessionError(.invalidArgument, "schema must not be empty") }
                    schema = value
                case "sslmode":
                    guard let mode = TLS(sslmode: value) else {
                        throw SessionError(
                            .invalidArgument, "sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                    }
                    tls = mode
                case "max_connections":
                    guard let count = Int(value), count > 0 else {
                        throw SessionError(.invalidArgument, "max_connections must be a positive integer")
                    }
                    maxConnections = count
                default:
                    throw SessionError(.invalidArgument, "unknown PostgreSQL URL parameter \(item.name)")
                }
            }
        }

        var client: PostgresClient.Configuration {
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls.client)
            configuration.options.maximumConnections = max(1, maxConnections)
            var parameters = [("application_name", "sessiond")]
            if let schema { parameters.append(("search_path", Migrations.quoteIdentifier(schema))) }
            configuration.options.additionalStartupParameters = parameters
            return configuration
        }
    }
}
