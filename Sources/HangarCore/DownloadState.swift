/// Where a local model's download stands: `GET /api/models/{id}/download-status`.
public struct DownloadState: Codable, Sendable, Hashable {
    public var modelID: String
    public var downloadStatus: DownloadStatus
    public var downloaded: Bool
    public var jobID: String?
    public var jobState: JobState?
    public var bytesDone: Int64?
    public var bytesTotal: Int64?
    public var percent: Double?
    public var bytesPerSecond: Double?
    public var etaSeconds: Double?
    public var errorCode: String?
    public var errorMessage: String?
    public var localPath: String?
    public var checksum: String?

    public init(
        modelID: String, downloadStatus: DownloadStatus, downloaded: Bool, jobID: String? = nil,
        jobState: JobState? = nil, bytesDone: Int64? = nil, bytesTotal: Int64? = nil, percent: Double? = nil,
        bytesPerSecond: Double? = nil, etaSeconds: Double? = nil, errorCode: String? = nil,
        errorMessage: String? = nil, localPath: String? = nil, checksum: String? = nil
    ) {
        self.modelID = modelID
        self.downloadStatus = downloadStatus
        self.downloaded = downloaded
        self.jobID = jobID
        self.jobState = jobState
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.percent = percent
        self.bytesPerSecond = bytesPerSecond
        self.etaSeconds = etaSeconds
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.localPath = localPath
        self.checksum = checksum
    }

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case downloadStatus = "download_status"
        case downloaded
        case jobID = "job_id"
        case jobState = "job_state"
        case bytesDone = "bytes_done"
        case bytesTotal = "bytes_total"
        case percent
        case bytesPerSecond = "bytes_per_second"
        case etaSeconds = "eta_seconds"
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case localPath = "local_path"
        case checksum
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelID, forKey: .modelID)
        try c.encode(downloadStatus, forKey: .downloadStatus)
        try c.encode(downloaded, forKey: .downloaded)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(jobState, forKey: .jobState)
        try c.encode(bytesDone, forKey: .bytesDone)
        try c.encode(bytesTotal, forKey: .bytesTotal)
        try c.encode(percent, forKey: .percent)
        try c.encode(bytesPerSecond, forKey: .bytesPerSecond)
        try c.encode(etaSeconds, forKey: .etaSeconds)
        try c.encode(errorCode, forKey: .errorCode)
        try c.encode(errorMessage, forKey: .errorMessage)
        try c.encode(localPath, forKey: .localPath)
        try c.encode(checksum, forKey: .checksum)
    }
}
