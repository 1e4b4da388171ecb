import NIOCore
import Synchronization

/// One close callback per connection, whatever number of streamed answers it carries: a hook
/// registered on the channel's close future for each answer would stay there (with everything
/// it holds) until the keep-alive connection closed, so a client streaming thousands of calls
/// on one connection would grow the server's memory. The hook of the answer being streamed is
/// set while it streams, and cleared when it ends.
final class ConnectionCloseHooks: Sendable {
    static let shared = ConnectionCloseHooks()

    private let hooks = Mutex<[ObjectIdentifier: @Sendable () -> Void]>([:])
    private let watched = Mutex<Set<ObjectIdentifier>>([])

    /// Runs `onClose` if `channel` closes before the returned function is called.
    func watch(_ channel: any Channel, _ onClose: @escaping @Sendable () -> Void) -> @Sendable () -> Void {
        let id = ObjectIdentifier(channel)
        hooks.withLock { $0[id] = onClose }
        let isNew = watched.withLock { $0.insert(id).inserted }
        if isNew {
            channel.closeFuture.whenComplete { [self] _ in
                watched.withLock { _ = $0.remove(id) }
                hooks.withLock { $0.removeValue(forKey: id) }?()
            }
        }
        return { [self] in _ = hooks.withLock { $0.removeValue(forKey: id) } }
    }
}
