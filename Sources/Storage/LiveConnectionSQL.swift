import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// SQLKit over one leased PostgreSQL connection, refusing statements once the connection has
/// closed.
///
/// PostgresNIO writes each statement to the connection's channel without a write promise. On
/// a channel that already closed (the server restarted, the pool shut down), NIO drops the
/// write, and the statement's own promise is never completed: the caller would wait forever.
/// Checking that the channel is open and writing in the same turn of its event loop leaves no
/// gap for the close to slip into; a statement already written when the connection closes is
/// failed by PostgresNIO itself.
struct LiveConnectionSQL: SQLDatabase {
    let connection: PostgresConnection
    let base: any SQLDatabase

    init(_ connection: PostgresConnection) {
        self.connection = connection
        self.base = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let connection = self.connection
        let base = self.base
        return connection.eventLoop.flatSubmit {
            guard !connection.isClosed else {
                return connection.eventLoop.makeFailedFuture(StorageError.unavailable("PostgreSQL: the connection closed"))
            }
            return base.execute(sql: query, onRow)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}
