/// The program version, recorded in every checkpoint's provenance.
enum ActiveTuneVersion {
    static let string = "0.1.0"
}
