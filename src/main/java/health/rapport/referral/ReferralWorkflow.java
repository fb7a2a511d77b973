package health.rapport.referral;

import static health.rapport.directory.DirectoryVocabulary.CANONICAL;
import static health.rapport.directory.DirectoryVocabulary.EXT_REGISTRATION_STATUS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.*;

import health.rapport.fhir.matching.MatchOperation;
import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.server.ResourceService;
import health.rapport.fhir.server.ResourceService.Changed;
import health.rapport.fhir.store.Outbox;
import health.rapport.security.Caller;
import health.rapport.security.Callers;
import health.rapport.security.ClientKind;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The closed loop of a referral. An EHR's new ServiceRequest gets a Task (requester the EHR's
 * organisation) offered to one role: the one the referral names as performer (directed), else the
 * best {@code $match} candidate. An offer lapses after a while; a declined, lapsed or withdrawn
 * offer goes to the next candidate never asked before, up to a limit, after which the Task fails.
 * An acceptance records how long the role took, which matching reads as part of its wait.
 * <p>
 * Runs inside the transaction of the write that set it off, just before it commits (a transaction
 * Bundle's Patient exists by then), so a referral and its Task, or a rejection and the re-offer,
 * are stored together or not at all. Rapport's own writes are marked, and bypass the parties'
 * {@link TaskRules}.
 */
@Component
public class ReferralWorkflow {

	static final String TASK_PROFILE = CANONICAL + "/StructureDefinition/rapport-referral-task";
	static final String EXT_OFFER_EXPIRES = CANONICAL + "/StructureDefinition/offer-expires";
	static final String BUSINESS_STATUS = CANONICAL + "/CodeSystem/referral-business-status";
	private static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
	private static final Logger log = LoggerFactory.getLogger(ReferralWorkflow.class);
	private static final ThreadLocal<Boolean> SYSTEM = ThreadLocal.withInitial(() -> false);
	private static final String OPEN_STATES = "requested,received,accepted,on-hold,in-progress";

	private final ResourceService resources;
	private final ResourceFinder finder;
	private final MatchOperation matching;
	private final Offers offers;
	private final Callers callers;
	private final Outbox outbox;
	private final ReferralWaits waits;
	private final ReferralProperties properties;
	private final Clock clock;
	private volatile boolean open;
	private volatile long openCheckedAt = Long.MIN_VALUE / 2;

	ReferralWorkflow(ResourceService resources, ResourceFinder finder, MatchOperation matching, Offers offers, Callers callers,
			Outbox outbox, ReferralWaits waits, ReferralProperties properties, Clock clock) {
		this.resources = resources;
		this.finder = finder;
		this.matching = matching;
		this.offers = offers;
		this.callers = callers;
		this.outbox = outbox;
		this.waits = waits;
		this.properties = properties;
		this.clock = clock;
	}

	/** Whether the write under way is Rapport's own (an offer, an expiry), not a party's. */
	static boolean systemWriting() {
		return SYSTEM.get();
	}

	@EventListener
	void changed(Changed change) {
		if (SYSTEM.get() || change.deleted()) {
			return;
		}
		switch (change.type()) {
			case "ServiceRequest" -> {
				if (change.version() == 1 && callers.current().is(ClientKind.EHR)) {
					beforeCommit(() -> intake(change.id()));
				}
			}
			case "Task" -> {
				Caller caller = callers.current();
				if (caller.is(ClientKind.EHR) || caller.is(ClientKind.PRACTICE)) {
					beforeCommit(() -> followUp(change.id()));
				}
			}
			case "VerificationResult" -> {
				if (anyOpen()) {
					beforeCommit(() -> registrationChanged(change.id()));
				}
			}
			default -> { } // the directory's other writes (a million in an import) need no caller looked up
		}
	}

	/** A registration that is now suspended or revoked withdraws its practitioner's open referrals. */
	void registrationChanged(String verificationId) {
		VerificationResult check = (VerificationResult) resources.read("VerificationResult", verificationId);
		Extension status = check.getExtensionByUrl(EXT_REGISTRATION_STATUS);
		String code = status != null && status.getValue() instanceof CodeableConcept c ? c.getCodingFirstRep().getCode() : null;
		if (!"suspended".equals(code) && !"revoked".equals(code)) {
			return;
		}
		for (Reference target : check.getTarget()) {
			if (target.getReference() != null && target.getReference().startsWith("Practitioner/")) {
				withdraw(finder.find("PractitionerRole", Map.of("practitioner", target.getReference())).stream()
						.map(r -> r.getIdElement().getIdPart()).toList());
			}
		}
	}

	/** A new referral from an EHR: its Task, offered at once (unless the EHR sent a Task of its own). */
	void intake(String referralId) {
		ServiceRequest referral = (ServiceRequest) resources.read("ServiceRequest", referralId);
		if (!finder.find("Task", Map.of("focus", "ServiceRequest/" + referralId)).isEmpty()) {
			return;
		}
		Task task = new Task();
		task.getMeta().addProfile(TASK_PROFILE);
		task.setStatus(REQUESTED).setIntent(Task.TaskIntent.ORDER).setAuthoredOn(new Date(clock.millis()));
		task.getCode().addCoding(new Coding(TASK_CODE, "fulfill", "Fulfill the focal request"));
		task.setFocus(new Reference("ServiceRequest/" + referralId));
		String subject = referral.getSubject().getReference();
		if (subject != null && subject.startsWith("Patient/")) {
			task.setFor(new Reference(subject));
		}
		task.setRequester(new Reference(referral.getRequester().getReference()));
		String id = UUID.randomUUID().toString();
		offer(task, id, directed(referral).or(() -> next(referral, id, Set.of())), null);
		asSystem(() -> resources.createWithId(task, id));
	}

	/** A party changed a Task: record how the offer ended, and re-offer what was declined. */
	void followUp(String taskId) {
		Task task = (Task) resources.read("Task", taskId);
		long now = clock.millis();
		String owner = roleId(task);
		Optional<String> offered = offers.openRole(taskId);
		switch (task.getStatus()) {
			case REJECTED -> {
				offers.close(taskId, "declined", now);
				reoffer(task, "declined", "The offer was declined", Set.of());
			}
			case ACCEPTED, INPROGRESS, ONHOLD, COMPLETED -> {
				if (offered.isPresent() && offers.close(taskId, "accepted", now)) {
					waits.accepted(offered.get());
					outbox.touch("PractitionerRole", offered.get());
				}
			}
			case REQUESTED, RECEIVED -> {
				if (owner == null) {
					reoffer(task, null, null, Set.of());
				} else if (!offered.equals(Optional.of(owner))) {
					offers.close(taskId, "withdrawn", now);
					Task redirected = task.copy();
					offer(redirected, taskId, Optional.of(owner), null);
					asSystem(() -> resources.update("Task", taskId, redirected, task.getMeta().getVersionId()));
				}
			}
			default -> offers.close(taskId, "withdrawn", now);
		}
	}

	/** The open offer lapsed unanswered: the next candidate is asked. */
	void expire(Offers.Lapsed lapsed) {
		if (!offers.expire(lapsed, clock.millis())) {
			return;
		}
		Task task = (Task) resources.read("Task", lapsed.taskId());
		if ((task.getStatus() == REQUESTED || task.getStatus() == RECEIVED) && lapsed.roleId().equals(roleId(task))) {
			reoffer(task, "offer-expired", "The offer was not answered in time", Set.of());
		}
	}

	/**
	 * The practitioner of {@code roles} can no longer practise: each open referral they hold goes
	 * to the next candidate (none of their roles), and the requester hears of it through the Task.
	 */
	void withdraw(List<String> roles) {
		if (roles.isEmpty()) {
			return;
		}
		String owners = String.join(",", roles.stream().map(r -> "PractitionerRole/" + r).toList());
		for (var found : finder.find("Task", Map.of("owner", owners, "status", OPEN_STATES))) {
			Task task = (Task) found;
			offers.close(task.getIdElement().getIdPart(), "withdrawn", clock.millis());
			reoffer(task, "practitioner-unavailable", "The practitioner can no longer take the referral", Set.copyOf(roles));
		}
	}

	/**
	 * Whether any referral is open: until one is, registration changes (a million in an import)
	 * need not be read. Asked of the store at most once a second; an offer sets it at once.
	 */
	boolean anyOpen() {
		long now = clock.millis();
		if (now - openCheckedAt > 1000) {
			open = resources.exists("Task", Map.of("status", new String[] {OPEN_STATES}));
			openCheckedAt = now;
		}
		return open;
	}

	private void reoffer(Task task, String endedCode, String endedText, Set<String> exclude) {
		String taskId = task.getIdElement().getIdPart();
		ServiceRequest referral = (ServiceRequest) resources.read("ServiceRequest", task.getFocus().getReferenceElement().getIdPart());
		Optional<String> next;
		try {
			next = next(referral, taskId, exclude);
		} catch (RuntimeException e) {
			// the referral was matched once; if it no longer can be, the Task fails rather than the practice's answer
			log.warn("Referral Task {} could not be matched again: {}", taskId, e.getClass().getSimpleName());
			next = Optional.empty();
		}
		Task changed = task.copy();
		offer(changed, taskId, next, endedCode == null ? null : new CodeableConcept(new Coding(BUSINESS_STATUS, endedCode, null))
				.setText(endedText));
		// If-Match the version read: a party's answer committed meanwhile (an acceptance racing the
		// expiry sweep) is never overwritten; this transaction fails instead, and nothing changes.
		asSystem(() -> resources.update("Task", taskId, changed, task.getMeta().getVersionId()));
	}

	/** Offers the Task to {@code role}, or fails it when there is no one left to offer it to. */
	private void offer(Task task, String taskId, Optional<String> role, CodeableConcept previousEnded) {
		long now = clock.millis();
		task.getExtension().removeIf(e -> e.getUrl().equals(EXT_OFFER_EXPIRES));
		task.setStatusReason(previousEnded).setLastModified(new Date(now));
		if (role.isPresent()) {
			long expires = now + properties.offerTtl().toMillis();
			task.setStatus(REQUESTED).setOwner(new Reference("PractitionerRole/" + role.get()))
					.setBusinessStatus(business("offered", "Offered"));
			task.addExtension(EXT_OFFER_EXPIRES, new DateTimeType(new Date(expires)));
			offers.open(taskId, role.get(), now, expires);
			open = true;
		} else {
			task.setStatus(FAILED).setOwner(null).setBusinessStatus(business("no-candidate", "No candidate"));
			task.setStatusReason(new CodeableConcept(new Coding(BUSINESS_STATUS, "no-candidate", null))
					.setText("No further practitioner matches the referral (" + offers.rolesAsked(taskId).size() + " offered)"));
		}
	}

	/** The role the referral names as its performer, if it is one this directory holds. */
	private Optional<String> directed(ServiceRequest referral) {
		return referral.getPerformer().stream().map(Reference::getReference)
				.filter(r -> r != null && r.startsWith("PractitionerRole/")).map(r -> r.substring("PractitionerRole/".length()))
				.filter(id -> resources.exists("PractitionerRole", Map.of("_id", new String[] {id}))).findFirst();
	}

	/** The best candidate not asked before and not excluded, while the limit of offers allows. */
	private Optional<String> next(ServiceRequest referral, String taskId, Set<String> exclude) {
		Set<String> asked = offers.rolesAsked(taskId);
		if (asked.size() >= properties.maxOffers()) {
			return Optional.empty();
		}
		return matching.rankRoles(referral, properties.maxOffers() + asked.size() + exclude.size()).stream()
				.filter(r -> !asked.contains(r) && !exclude.contains(r)).findFirst();
	}

	private static CodeableConcept business(String code, String display) {
		return new CodeableConcept(new Coding(BUSINESS_STATUS, code, display));
	}

	private static String roleId(Task task) {
		String owner = task.getOwner().getReference();
		return owner != null && owner.startsWith("PractitionerRole/") ? owner.substring("PractitionerRole/".length()) : null;
	}

	/**
	 * Runs {@code work} just before the current transaction commits (at once outside one), ahead
	 * of the store's own before-commit step, which sends the batched inserts, the work's too.
	 */
	private static void beforeCommit(Runnable work) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			work.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void beforeCommit(boolean readOnly) {
				work.run();
			}

			@Override
			public int getOrder() {
				return Ordered.HIGHEST_PRECEDENCE;
			}
		});
	}

	static void asSystem(Runnable write) {
		boolean outer = SYSTEM.get();
		SYSTEM.set(true);
		try {
			write.run();
		} finally {
			SYSTEM.set(outer);
		}
	}
}
