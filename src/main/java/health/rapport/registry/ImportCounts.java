package health.rapport.registry;

/** What an import has done so far. */
public record ImportCounts(long read, long applied, long unchanged, long failed) {

	static final ImportCounts NONE = new ImportCounts(0, 0, 0, 0);

	ImportCounts plus(ImportCounts other) {
		return new ImportCounts(read + other.read, applied + other.applied, unchanged + other.unchanged, failed + other.failed);
	}
}
