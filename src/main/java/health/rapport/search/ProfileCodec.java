package health.rapport.search;

import health.rapport.matching.Fee;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compact binary form of a profile, stored with its document so that candidates can be re-scored exactly. */
public final class ProfileCodec {

	private ProfileCodec() {}

	public static byte[] encode(ProviderProfile p) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF(p.roleId());
			out.writeUTF(p.practitionerId());
			out.writeUTF(p.name());
			out.writeBoolean(p.active());
			out.writeBoolean(p.acceptingNewClients());
			strings(out, p.professions());
			strings(out, p.professionFamilies());
			out.writeBoolean(p.prescriber());
			strings(out, p.modalities());
			strings(out, p.modalityFamilies());
			strings(out, p.populations());
			strings(out, p.formats());
			out.writeBoolean(p.inPerson());
			out.writeBoolean(p.virtual());
			out.writeShort(p.languages().size());
			for (Map.Entry<String, Double> language : p.languages().entrySet()) {
				out.writeUTF(language.getKey());
				out.writeDouble(language.getValue());
			}
			out.writeUTF(p.gender() == null ? "" : p.gender());
			out.writeShort(p.sites().size());
			for (GeoPoint site : p.sites()) {
				out.writeDouble(site.lat());
				out.writeDouble(site.lon());
			}
			out.writeInt(p.waitDays() == null ? -1 : p.waitDays());
			out.writeShort(p.registrations().size());
			for (Registration r : p.registrations()) {
				out.writeUTF(r.jurisdiction());
				out.writeUTF(r.status());
			}
			strings(out, p.practiseIn());
			strings(out, p.telehealthIn());
			// Appended last, so that a profile encoded before fees were read still decodes (without one).
			out.writeBoolean(p.fee() != null);
			if (p.fee() != null) {
				out.writeUTF(p.fee().amount().toPlainString());
				out.writeUTF(p.fee().currency());
			}
			out.writeBoolean(p.slidingScale());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	public static ProviderProfile decode(byte[] bytes, int offset, int length) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, offset, length))) {
			String roleId = in.readUTF();
			String practitionerId = in.readUTF();
			String name = in.readUTF();
			boolean active = in.readBoolean();
			boolean accepting = in.readBoolean();
			Set<String> professions = strings(in);
			Set<String> professionFamilies = strings(in);
			boolean prescriber = in.readBoolean();
			Set<String> modalities = strings(in);
			Set<String> modalityFamilies = strings(in);
			Set<String> populations = strings(in);
			Set<String> formats = strings(in);
			boolean inPerson = in.readBoolean();
			boolean virtual = in.readBoolean();
			Map<String, Double> languages = new LinkedHashMap<>();
			for (int i = in.readShort(); i > 0; i--) {
				languages.put(in.readUTF(), in.readDouble());
			}
			String gender = in.readUTF();
			List<GeoPoint> sites = new ArrayList<>();
			for (int i = in.readShort(); i > 0; i--) {
				sites.add(new GeoPoint(in.readDouble(), in.readDouble()));
			}
			int wait = in.readInt();
			List<Registration> registrations = new ArrayList<>();
			for (int i = in.readShort(); i > 0; i--) {
				registrations.add(new Registration(in.readUTF(), in.readUTF()));
			}
			Set<String> practiseIn = strings(in);
			Set<String> telehealthIn = strings(in);
			boolean hasFee = in.available() > 0 && in.readBoolean();
			Fee fee = hasFee ? new Fee(new BigDecimal(in.readUTF()), in.readUTF()) : null;
			boolean slidingScale = in.available() > 0 && in.readBoolean();
			return new ProviderProfile(roleId, practitionerId, name, active, accepting, professions, professionFamilies,
					prescriber, modalities, modalityFamilies, populations, formats, inPerson, virtual, languages,
					gender.isEmpty() ? null : gender, sites, wait < 0 ? null : wait, registrations, practiseIn, telehealthIn, fee,
					slidingScale);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void strings(DataOutputStream out, Set<String> values) throws IOException {
		out.writeShort(values.size());
		for (String value : values) {
			out.writeUTF(value);
		}
	}

	private static Set<String> strings(DataInputStream in) throws IOException {
		Set<String> values = new LinkedHashSet<>();
		for (int i = in.readShort(); i > 0; i--) {
			values.add(in.readUTF());
		}
		return values;
	}
}
