package health.rapport.referral;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.fhir.matching.ProviderGraph;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Offers that lapse: with a one-second offer and a limit of two offers, an unanswered referral
 * goes to the next candidate, then fails saying why. And the time roles take to accept feeds the
 * wait that matching scores.
 */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.referral.offer-ttl=1s", "rapport.referral.sweep-interval-ms=200",
		"rapport.referral.max-offers=2", "rapport.referral.min-observations=2"})
class H2OfferExpiryIT extends ReferralIT {

	@Autowired
	JdbcTemplate jdbc;
	@Autowired
	ReferralWaits waits;
	@Autowired
	ProviderGraph graph;

	@Test
	void anUnansweredOfferLapsesToTheNextCandidateAndTheTaskFailsAfterTheLimit() throws Exception {
		subscribeEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		Task task = tasksOf(idOf(stored.getEntry().get(1).getResponse().getLocation())).get(0);
		String first = task.getOwner().getReference();

		await(Duration.ofSeconds(20), () -> read(task.getIdPart()).getStatus() == TaskStatus.FAILED,
				() -> "Task is " + read(task.getIdPart()).getStatus());
		Task failed = read(task.getIdPart());
		assertThat(failed.hasOwner()).isFalse();
		assertThat(failed.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("no-candidate");
		assertThat(failed.getStatusReason().getText()).contains("2 offered");

		List<Task> versions = new java.util.ArrayList<>(client.history().onInstance("Task/" + task.getIdPart())
				.returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList());
		java.util.Collections.reverse(versions);
		assertThat(versions).extracting(Task::getStatus).containsExactly(TaskStatus.REQUESTED, TaskStatus.REQUESTED,
				TaskStatus.FAILED);
		assertThat(versions.get(1).getOwner().getReference()).isNotEqualTo(first).startsWith("PractitionerRole/");
		assertThat(versions.get(1).getStatusReason().getCodingFirstRep().getCode()).isEqualTo("offer-expired");
		await(Duration.ofSeconds(20), () -> notifications().size() >= 3);
		assertThat(notifications()).extracting(r -> r.getHeader("X-Rapport-Resource")).containsExactly(
				"Task/" + task.getIdPart() + "/_history/1", "Task/" + task.getIdPart() + "/_history/2",
				"Task/" + task.getIdPart() + "/_history/3");
	}

	@Test
	void theTimeARoleTakesToAcceptCountsInItsWaitOnceSeenOftenEnough() throws Exception {
		String role = graph.allProfiles().iterator().next().roleId();
		Integer stated = graph.profile(role).orElseThrow().waitDays();
		int slow = (stated == null ? 0 : stated) + 30;
		long day = 86_400_000L;
		jdbc.update("insert into referral_offer (task_id, role_id, offered_at, expires_at, outcome, answered_at)"
				+ " values ('t1-" + run + "', ?, 0, ?, 'accepted', ?)", role, 90 * day, slow * day);
		waits.accepted(role);
		assertThat(graph.profile(role).orElseThrow().waitDays()).as("one acceptance is not enough to tell").isEqualTo(stated);

		jdbc.update("insert into referral_offer (task_id, role_id, offered_at, expires_at, outcome, answered_at)"
				+ " values ('t2-" + run + "', ?, 0, ?, 'accepted', ?)", role, 90 * day, slow * day);
		waits.accepted(role);
		assertThat(graph.profile(role).orElseThrow().waitDays()).isEqualTo(slow);
	}
}
