package health.rapport.fhir.server;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * One page of results at {@code _offset}, {@code _count} long. HAPI pages history by offset, and
 * a search too when the client sends {@code _offset}; either way it takes the results it is given
 * as the page, so the page is cut here.
 */
final class OffsetPage implements IBundleProvider {

	private final IBundleProvider all;
	private final int offset;
	private final int count;

	private OffsetPage(IBundleProvider all, int offset, int count) {
		this.all = all;
		this.offset = offset;
		this.count = count;
	}

	/**
	 * The page a request asks for, or {@code all} when it pages by {@code _getpages} (no
	 * {@code _offset}). Either way a malformed {@code _offset} or {@code _count} is a 400: HAPI
	 * would take {@code _count=abc} or {@code -1} as the default page size, or as an empty page.
	 * {@code _count=0} is always a page here: HAPI's paging provider takes 0 for its default size.
	 */
	static IBundleProvider of(IBundleProvider all, RequestDetails request, FhirServerProperties paging, boolean always) {
		Integer offset = nonNegative(request, "_offset");
		Integer count = nonNegative(request, "_count");
		if (offset == null && !always && !Integer.valueOf(0).equals(count)) {
			return all;
		}
		int size = count == null ? paging.defaultPageSize() : Math.min(count, paging.maxPageSize());
		return new OffsetPage(all, offset == null ? 0 : offset, size);
	}

	/** A paging parameter's value, null when absent; a 400 unless it is a whole number, 0 or more. */
	private static Integer nonNegative(RequestDetails request, String name) {
		String[] values = request.getParameters().get(name);
		if (values == null || values.length == 0) {
			return null;
		}
		try {
			int value = Integer.parseInt(values[0].trim());
			if (value >= 0) {
				return value;
			}
		} catch (NumberFormatException e) {
			// the message below
		}
		throw new InvalidRequestException(name + " must be a whole number, 0 or more, not \"" + values[0] + "\"");
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		int end = Math.min(offset + Math.min(to, count), all.size() == null ? Integer.MAX_VALUE : all.size());
		int start = offset + from;
		return start >= end ? List.of() : all.getResources(start, end);
	}

	@Override
	public Integer size() {
		return all.size();
	}

	@Override
	public Integer getCurrentPageOffset() {
		return offset;
	}

	@Override
	public Integer getCurrentPageSize() {
		return count;
	}

	@Override
	public IPrimitiveType<Date> getPublished() {
		return all.getPublished();
	}

	@Override
	public String getUuid() {
		return null;
	}

	@Override
	public Integer preferredPageSize() {
		return count;
	}
}
