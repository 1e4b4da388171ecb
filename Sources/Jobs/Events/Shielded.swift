/// Runs `operation` to its end even when the calling task is cancelled.
///
/// Database writes go through this: a write cancelled halfway can leave its transaction open
/// on the connection (SQLiteNIO refuses to run statements, `ROLLBACK` included, in a
/// cancelled task), and a cancelled writer's work would otherwise be lost at random points.
/// The writes are short; the caller still sees its cancellation right after.
package func shielded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await operation() }.value
}
