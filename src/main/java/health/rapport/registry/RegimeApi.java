package health.rapport.registry;

import health.rapport.matching.PractiseRights;
import health.rapport.matching.Professions;
import health.rapport.registry.api.RegimesApi;
import health.rapport.security.ApiAccess;
import health.rapport.registry.api.dto.RegimeDto;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regime table: the data file's defaults (matching/regulation-regimes.csv) with an admin's
 * changes on top, kept in the database and applied again at every start. A change re-projects
 * every role (the index is rebuilt), since it moves where practitioners may practise.
 */
@RestController
class RegimeApi implements RegimesApi {

	private static final Pattern JURISDICTION = Pattern.compile("\\*|[A-Z]{2}-[A-Z0-9]{1,3}");

	private final PractiseRights rights;
	private final JdbcTemplate jdbc;
	private final ApplicationEventPublisher events;
	private final ApiAccess access;

	RegimeApi(PractiseRights rights, JdbcTemplate jdbc, ApplicationEventPublisher events, ApiAccess access) {
		this.access = access;
		this.rights = rights;
		this.jdbc = jdbc;
		this.events = events;
	}

	/** Before the index is built at start, so that it is built with the admin's table. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(-1)
	public void applyStoredChanges() {
		jdbc.query("select jurisdiction, profession, regime from registry_regime",
				(RowCallbackHandler) rs -> rights.setRegime(rs.getString(1), rs.getString(2), rs.getString(3)));
	}

	@Override
	public ResponseEntity<List<RegimeDto>> listRegimes() {
		return ResponseEntity.ok(rights.regimes().entrySet().stream().map(RegimeApi::dto).toList());
	}

	@Override
	public ResponseEntity<RegimeDto> setRegime(RegimeDto row) {
		access.requireAdmin("regime table");
		String jurisdiction = row.getJurisdiction();
		String profession = row.getProfession();
		if (!JURISDICTION.matcher(jurisdiction).matches()) {
			throw new IllegalArgumentException("jurisdiction must be an ISO 3166-2 code such as US-CA, or *");
		}
		if (!profession.equals("*") && !profession.equals(Professions.professionOf(profession))) {
			throw new IllegalArgumentException("profession must be one of DESIGN.md's NUCC profession codes (not a specialisation), or *");
		}
		if (!profession.equals("*") && !Professions.known(profession)) {
			throw new IllegalArgumentException("profession " + profession + " is not a regulated mental-health profession");
		}
		String regime = row.getRegime().getValue();
		jdbc.update("delete from registry_regime where jurisdiction = ? and profession = ?", jurisdiction, profession);
		jdbc.update("insert into registry_regime (jurisdiction, profession, regime) values (?, ?, ?)", jurisdiction, profession,
				regime);
		rights.setRegime(jurisdiction, profession, regime);
		events.publishEvent(new RegimeChanged(jurisdiction, profession, regime));
		return ResponseEntity.ok(row);
	}

	private static RegimeDto dto(Map.Entry<String, String> row) {
		String[] key = row.getKey().split("\\|");
		return new RegimeDto(key[0], key[1], RegimeDto.RegimeEnum.fromValue(row.getValue()));
	}
}
