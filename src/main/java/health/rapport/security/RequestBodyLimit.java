package health.rapport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a body larger than the limit with 413 (by its Content-Length, or by reading at most the
 * limit of a chunked one), and XML with a document type declaration with 400: no DTD, so no
 * external or expanding entities, whatever the XML parser behind would have done with them.
 */
class RequestBodyLimit extends OncePerRequestFilter {

	private static final Pattern REGISTER_IMPORT = Pattern.compile("/api/v1/regulators/[^/]+/imports");
	private static final Pattern DOCTYPE = Pattern.compile("<!\\s*(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);

	private final long max;

	RequestBodyLimit(long max) {
		this.max = max;
	}

	/**
	 * Register files are streamed row by row into the register (memory flat in their size), from
	 * regulators whose token is checked before the body is read: they may be larger than the limit.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && REGISTER_IMPORT.matcher(request.getRequestURI()).matches()
				&& !String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT).contains("xml");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > max) {
			refuse(response, 413, "too-costly", "The request body is larger than " + max + " bytes");
			return;
		}
		String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
		boolean xml = type.contains("xml");
		boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
		if (!xml && !(chunked && !type.startsWith("application/x-www-form-urlencoded"))) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
		if (body.length > max) {
			refuse(response, 413, "too-costly", "The request body is larger than " + max + " bytes");
		} else if (xml && DOCTYPE.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
			refuse(response, 400, "security", "XML with a document type declaration (DOCTYPE or ENTITY) is not accepted");
		} else {
			chain.doFilter(new CachedBody(request, body), response);
		}
	}

	private static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(OperationOutcomes.json(code, message));
	}

	/** The request with its body read once, served again from memory. */
	private static final class CachedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			InputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() throws IOException {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return false;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}
	}
}
