/// One entry of the event log: a change to a model, provider or job. `id` grows with commit
/// order, so SSE clients resume with `Last-Event-ID` and miss nothing still retained.
public struct HangarEvent: Codable, Sendable, Hashable {
    public var id: Int64
    /// `model`, `provider` or `job`.
    public var type: String
    /// `created`, `updated`, `deleted` for models and providers; `status` (state changed) or
    /// `progress` for jobs.
    public var action: String
    public var subjectID: String
    /// The subject as JSON text (the same object the REST API returns), `null` once deleted.
    public var data: String

    public init(id: Int64, type: String, action: String, subjectID: String, data: String) {
        self.id = id
        self.type = type
        self.action = action
        self.subjectID = subjectID
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id, type, action
        case subjectID = "subject_id"
        case data
    }
}
