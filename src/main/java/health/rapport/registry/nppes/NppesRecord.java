package health.rapport.registry.nppes;

import java.util.List;

/**
 * What the register says of one NPI.
 *
 * @param active {@code basic.status} is "A"
 * @param licences the taxonomies' licence numbers with their state (two-letter) and NUCC code
 */
public record NppesRecord(String npi, boolean active, List<Licence> licences) {

	public record Licence(String taxonomy, String number, String state, boolean primary) {}
}
