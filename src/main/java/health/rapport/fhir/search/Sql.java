package health.rapport.fhir.search;

import java.util.ArrayList;
import java.util.List;

/** A fragment of SQL and its positional arguments, composed without string-concatenating values. */
record Sql(String text, List<Object> args) {

	static Sql of(String text, Object... args) {
		return new Sql(text, List.of(args));
	}

	static Sql join(String separator, List<Sql> parts) {
		StringBuilder text = new StringBuilder();
		List<Object> args = new ArrayList<>();
		for (Sql part : parts) {
			if (!text.isEmpty()) {
				text.append(separator);
			}
			text.append(part.text());
			args.addAll(part.args());
		}
		return new Sql(text.toString(), args);
	}

	Sql wrap(String before, String after) {
		return new Sql(before + text + after, args);
	}

	Sql then(Sql other) {
		List<Object> all = new ArrayList<>(args);
		all.addAll(other.args());
		return new Sql(text + other.text(), all);
	}
}
