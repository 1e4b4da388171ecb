import Logging
import NIOCore
import SQLKit
import Storage
import Synchronization

/// Counts the SQL statements run through a database, to show that a query's cost in
/// statements does not grow with its size.
final class StatementCounter: Sendable {
    private let count = Mutex(0)

    var statements: Int { count.withLock { $0 } }

    func reset() { count.withLock { $0 = 0 } }

    func counting(_ database: any Database) -> any Database { CountingDatabase(base: database, counter: self) }

    fileprivate func add() { count.withLock { $0 += 1 } }
}

private struct CountingDatabase: Database {
    let base: any Database
    let counter: StatementCounter

    var engine: DatabaseEngine { base.engine }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.read { sql in try await body(CountingSQL(base: sql, counter: counter)) }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await base.write { sql in try await body(CountingSQL(base: sql, counter: counter)) }
    }
}

private struct CountingSQL: SQLDatabase {
    let base: any SQLDatabase
    let counter: StatementCounter

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        counter.add()
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counter.add()
        try await base.execute(sql: query, onRow)
    }
}
