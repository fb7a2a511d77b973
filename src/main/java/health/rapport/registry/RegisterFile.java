package health.rapport.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a register file as it arrives, one checked {@link RegisterRow} at a time, so that memory
 * stays flat whatever the file's size. CSV (RFC 4180, a header row naming the columns) or NDJSON
 * (one JSON object per line, the same names as keys). Line numbers are the file's: the header is
 * line 1 of a CSV file.
 */
public final class RegisterFile {

	public enum Format {
		CSV, NDJSON
	}

	private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
			.enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
	private static final ObjectMapper JSON = new ObjectMapper();

	private RegisterFile() {}

	/** The rows of {@code in}; a file whose header or first line cannot be read fails at once with 400. */
	public static Iterator<RegisterRow> rows(InputStream in, Format format, String jurisdiction) throws IOException {
		return format == Format.CSV ? csv(in, jurisdiction) : ndjson(in, jurisdiction);
	}

	private static Iterator<RegisterRow> csv(InputStream in, String jurisdiction) throws IOException {
		MappingIterator<String[]> records = CSV.readerFor(String[].class).with(CsvSchema.emptySchema())
				.readValues(new InputStreamReader(in, StandardCharsets.UTF_8));
		if (!records.hasNextValue()) {
			throw new IllegalArgumentException("The file is empty: a CSV register file starts with a header row");
		}
		List<String> header = List.of(records.nextValue()).stream().map(h -> h.strip().toLowerCase()).toList();
		List<String> unknown = header.stream().filter(h -> !RegisterRow.COLUMNS.contains(h)).toList();
		if (!unknown.isEmpty() || !header.contains("registration_number")) {
			throw new IllegalArgumentException("The header row must name the columns " + RegisterRow.COLUMNS
					+ (unknown.isEmpty() ? "; registration_number is missing" : "; unknown: " + unknown));
		}
		Map<String, Integer> position = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			position.put(header.get(i), i); // a column named twice: the later one, as before
		}
		return new Iterator<>() {
			private long nextLine = records.getCurrentLocation().getLineNr();

			@Override
			public boolean hasNext() {
				try {
					return records.hasNextValue();
				} catch (IOException e) {
					return true; // next() reports it as an unreadable row
				}
			}

			@Override
			public RegisterRow next() {
				long line = nextLine;
				try {
					String[] values = records.nextValue();
					nextLine = records.getCurrentLocation().getLineNr();
					if (values.length != header.size()) {
						return RegisterRow.unreadable(line, "has " + values.length + " columns, the header " + header.size());
					}
					return RegisterRow.of(line, jurisdiction, name -> {
						int at = position.getOrDefault(name, -1);
						return at < 0 ? null : values[at];
					});
				} catch (NoSuchElementException e) {
					throw e;
				} catch (RuntimeException | IOException e) {
					nextLine = records.getCurrentLocation().getLineNr();
					return RegisterRow.unreadable(line, "is not valid CSV: " + firstLine(e.getMessage()));
				}
			}
		};
	}

	private static Iterator<RegisterRow> ndjson(InputStream in, String jurisdiction) {
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
		return new Iterator<>() {
			private long line;
			private String next = advance();

			private String advance() {
				try {
					String text;
					do {
						text = reader.readLine();
						line++;
					} while (text != null && text.isBlank());
					return text;
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			@Override
			public boolean hasNext() {
				return next != null;
			}

			@Override
			public RegisterRow next() {
				if (next == null) {
					throw new NoSuchElementException();
				}
				long at = line;
				String text = next;
				next = advance();
				try {
					JsonNode object = JSON.readTree(text);
					if (!object.isObject()) {
						return RegisterRow.unreadable(at, "is not a JSON object");
					}
					Map<String, String> columns = new HashMap<>();
					object.fields().forEachRemaining(f -> columns.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
					List<String> unknown = columns.keySet().stream().filter(k -> !RegisterRow.COLUMNS.contains(k)).sorted().toList();
					if (!unknown.isEmpty()) {
						return RegisterRow.unreadable(at, "has fields the format does not define: " + unknown);
					}
					return RegisterRow.of(at, jurisdiction, columns);
				} catch (JsonProcessingException e) {
					return RegisterRow.unreadable(at, "is not valid JSON: " + firstLine(e.getOriginalMessage()));
				}
			}
		};
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int end = message.indexOf('\n');
		String first = end < 0 ? message : message.substring(0, end);
		return first.length() > 120 ? first.substring(0, 120) + "…" : first;
	}
}
