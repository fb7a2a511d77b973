package health.rapport.fhir.server;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Results HAPI pages through from its paging provider: no id of their own, the page size the
 * client asked for, and the time they were taken.
 */
abstract class PagedResults implements IBundleProvider {

	protected final InstantType published = InstantType.now();

	@Override
	public IPrimitiveType<Date> getPublished() {
		return published;
	}

	@Override
	public String getUuid() {
		return null;
	}

	@Override
	public Integer preferredPageSize() {
		return null;
	}
}
