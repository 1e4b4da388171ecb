import Synchronization

/// An event not yet stored: the bus assigns its id when it is written.
public struct EventDraft: Sendable, Hashable {
    public var type: String
    public var action: String
    public var subjectID: String
    public var data: String

    public init(type: String, action: String, subjectID: String, data: String) {
        self.type = type
        self.action = action
        self.subjectID = subjectID
        self.data = data
    }
}

/// Collects the events of one `EventBus.write` transaction; they are stored when the body
/// returns, in the order recorded, and delivered after the commit.
public final class EventRecorder: Sendable {
    private let drafts = Mutex<[EventDraft]>([])

    init() {}

    public func record(_ draft: EventDraft) {
        drafts.withLock { $0.append(draft) }
    }

    public func record(type: String, action: String, subjectID: String, data: String) {
        record(EventDraft(type: type, action: action, subjectID: subjectID, data: data))
    }

    func drain() -> [EventDraft] {
        drafts.withLock { drafts in
            defer { drafts = [] }
            return drafts
        }
    }
}
