package health.rapport.matching;

/** How a directory search orders its results; every order breaks ties by role id. */
public enum DirectorySort {
	/** Most words of the text found in the name first (all equal without text). */
	RELEVANCE,
	/** Nearest site to {@link DirectoryQuery#near()} first; roles without a site last. */
	DISTANCE,
	/** Shortest stated wait first; roles that state none last. */
	WAIT
}
