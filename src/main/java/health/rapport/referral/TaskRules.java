package health.rapport.referral;

import static org.hl7.fhir.r4.model.Task.TaskStatus.*;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.server.WriteRules;
import health.rapport.security.Caller;
import health.rapport.security.Callers;
import health.rapport.security.ClientKind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.springframework.stereotype.Component;

/**
 * The referral Task's life cycle, as the parties may drive it. The practice the referral is offered
 * to (the owner) moves it requested → received → accepted | rejected → in-progress → completed,
 * with on-hold for a waiting list and failed when the client cannot be reached; a rejection says
 * why. The requester (the EHR) may cancel while the referral is open, and may redirect an open
 * offer to another role it picked from {@code $match}. A move outside this table is 409, a move
 * that belongs to the other party is 403. Rapport's own moves (offers, expiry, re-offers) and
 * admins are not bound by it. Referrals and patients resubmitted with the same identifier are the
 * same record.
 */
@Component
class TaskRules implements WriteRules {

	/** Where the owner may take the referral from each state (staying put is always allowed). */
	static final Map<TaskStatus, Set<TaskStatus>> OWNER_MOVES = Map.of(
			REQUESTED, EnumSet.of(RECEIVED, ACCEPTED, REJECTED, ONHOLD),
			RECEIVED, EnumSet.of(ACCEPTED, REJECTED, ONHOLD),
			ONHOLD, EnumSet.of(ACCEPTED, INPROGRESS, REJECTED, FAILED),
			ACCEPTED, EnumSet.of(INPROGRESS, ONHOLD, FAILED),
			INPROGRESS, EnumSet.of(COMPLETED, ONHOLD, FAILED));
	/** States in which the referral is still open: it can be cancelled by the requester. */
	static final Set<TaskStatus> OPEN = EnumSet.of(REQUESTED, RECEIVED, ACCEPTED, ONHOLD, INPROGRESS, REJECTED);
	/** States in which the offer is not yet answered: the requester may redirect it. */
	static final Set<TaskStatus> UNANSWERED = EnumSet.of(REQUESTED, RECEIVED, REJECTED);

	private final Callers callers;
	private final ResourceFinder finder;

	TaskRules(Callers callers, ResourceFinder finder) {
		this.callers = callers;
		this.finder = finder;
	}

	@Override
	public boolean governs(String type) {
		return type.equals("Task") || type.equals("ServiceRequest") || type.equals("Patient");
	}

	@Override
	public String sameRecord(String type, IBaseResource incoming) {
		Identifier key = incoming instanceof ServiceRequest referral ? key(referral.getIdentifier())
				: incoming instanceof Patient patient ? key(patient.getIdentifier()) : null;
		return key == null ? null : "identifier=" + key.getSystem() + "|" + key.getValue();
	}

	private static Identifier key(java.util.List<Identifier> identifiers) {
		return identifiers.stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst().orElse(null);
	}

	@Override
	public void check(String type, IBaseResource previous, IBaseResource incoming) {
		Caller caller = callers.current();
		if (!(incoming instanceof Task task) || ReferralWorkflow.systemWriting()
				|| !(caller.is(ClientKind.EHR) || caller.is(ClientKind.PRACTICE))) {
			return;
		}
		if (previous == null) {
			checkNew(task);
		} else if (caller.is(ClientKind.PRACTICE)) {
			checkOwnerMove((Task) previous, task);
		} else {
			checkRequesterMove((Task) previous, task);
		}
	}

	/** An EHR may create the Task itself (offering to a role it picked), one per referral. */
	private void checkNew(Task task) {
		if (task.getStatus() != REQUESTED) {
			throw conflict("A new referral Task starts as requested, not " + code(task.getStatus()));
		}
		String focus = task.getFocus().getReference();
		if (focus != null && !finder.find("Task", Map.of("focus", focus)).isEmpty()) {
			throw conflict("The referral " + focus + " already has a Task: update that one");
		}
	}

	private static void checkOwnerMove(Task before, Task after) {
		TaskStatus from = before.getStatus();
		TaskStatus to = after.getStatus();
		if (to == CANCELLED) {
			throw new ForbiddenOperationException("Only the requester can cancel a referral; the practice rejects it instead");
		}
		if (from != to && !OWNER_MOVES.getOrDefault(from, Set.of()).contains(to)) {
			throw conflict("A referral cannot move from " + code(from) + " to " + code(to)
					+ (OWNER_MOVES.containsKey(from) ? "; from " + code(from) + " it can go to " + codes(OWNER_MOVES.get(from))
							: ": " + code(from) + " is final for the practice"));
		}
		if (to == REJECTED && from != REJECTED && !after.hasStatusReason()) {
			throw new UnprocessableEntityException("A rejection needs a reason: Task.statusReason (text or a coding such as "
					+ "declined-no-capacity or declined-not-suitable)");
		}
		if (!sameExcept(before, after, true)) {
			throw new ForbiddenOperationException("The practice may change the Task's status, statusReason, businessStatus,"
					+ " note, output and executionPeriod only");
		}
	}

	private static void checkRequesterMove(Task before, Task after) {
		TaskStatus from = before.getStatus();
		TaskStatus to = after.getStatus();
		boolean redirected = !before.getOwner().equalsDeep(after.getOwner());
		if (from != to && to != CANCELLED) {
			throw new ForbiddenOperationException("The requester may cancel a referral; " + code(to)
					+ " is the practice's to set");
		}
		if (to == CANCELLED && from != CANCELLED && !OPEN.contains(from)) {
			throw conflict("A " + code(from) + " referral cannot be cancelled");
		}
		if (redirected && (to != from || !UNANSWERED.contains(from)
				|| !String.valueOf(after.getOwner().getReference()).startsWith("PractitionerRole/"))) {
			throw conflict("The referral can be redirected to another PractitionerRole only while its offer is unanswered"
					+ " (requested, received or rejected), not " + code(from));
		}
		if (!sameExcept(before, after, false)) {
			throw new ForbiddenOperationException("The requester may cancel the Task, redirect its owner, and change"
					+ " statusReason, businessStatus and note only");
		}
	}

	/** Whether the Tasks are equal but for what the party may change (and the server's meta). */
	private static boolean sameExcept(Task before, Task after, boolean owner) {
		Task a = free(before.copy(), owner);
		Task b = free(after.copy(), owner);
		return a.equalsDeep(b);
	}

	private static Task free(Task task, boolean owner) {
		task.setMeta(null);
		task.setText(null);
		task.setIdElement(null);
		task.setStatus(null);
		task.setStatusReason(null);
		task.setBusinessStatus(null);
		task.setNote(null);
		task.setLastModifiedElement(null);
		if (owner) {
			task.setOutput(null);
			task.setExecutionPeriod(null);
		} else {
			task.setOwner(null);
		}
		return task;
	}

	private static ResourceVersionConflictException conflict(String message) {
		return new ResourceVersionConflictException(message);
	}

	private static String code(TaskStatus status) {
		return status == null ? "no status" : status.toCode();
	}

	private static String codes(Set<TaskStatus> statuses) {
		return String.join(", ", statuses.stream().map(TaskStatus::toCode).sorted().toList());
	}
}
