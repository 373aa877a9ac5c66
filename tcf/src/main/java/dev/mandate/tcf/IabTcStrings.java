package dev.mandate.tcf;

import com.iabtcf.decoder.TCString;
import com.iabtcf.exceptions.UnsupportedVersionException;
import com.iabtcf.utils.IntIterable;
import dev.mandate.core.consent.TcSignal;
import dev.mandate.core.consent.TcStrings;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes TC strings with the IAB's reference decoder ({@code com.iabtcf:iabtcf-decoder}).
 *
 * <p>That decoder is <em>lazy</em> underneath: every field is read from the bits when its getter
 * is called, so a truncated or corrupt string fails there. In 2.0.10 {@link TCString#decode}
 * forces a v2 string's fields through {@code hashCode()} unless {@code DecoderOption.LAZY} is
 * given, but a v1 string is never forced, and that side effect is not a documented contract.
 * This adapter therefore reads every field it maps, plus the rest of the core segment
 * (publisher restrictions) and every optional segment (disclosed vendors, allowed vendors,
 * publisher TC), itself, inside one {@code try}, and only then returns: a {@link TcSignal} that
 * came out of here never throws later, and a string broken in a segment we do not map is
 * refused too (it is not trustworthy evidence).
 *
 * <p>Error messages never echo the TC string: it is opaque user data, up to 8,000 characters.
 */
public final class IabTcStrings implements TcStrings {
  /** Longer strings are refused before decoding (real ones are a few hundred characters). */
  public static final int MAX_LENGTH = 8_000;

  private static final String FIELD = "tcString";
  private static final String BROKEN = "The TC string cannot be decoded: it ends early or has an invalid field.";
  private static final String NOT_V2 =
      "The TC string is a TCF v1 string; only TCF v2 strings are evidence of consent.";

  @Override
  public TcSignal decode(String tcString) {
    if (tcString == null || tcString.isBlank()) {
      throw malformed("The TC string is empty.");
    }
    if (tcString.length() > MAX_LENGTH) {
      throw malformed("The TC string is longer than 8,000 characters.");
    }
    TCString tc;
    int version;
    try {
      tc = TCString.decode(tcString);
      version = tc.getVersion();
    } catch (UnsupportedVersionException e) {
      throw malformed("The TC string has an unknown version (TCF versions are 1 and 2).");
    } catch (IllegalArgumentException e) {
      throw malformed("The TC string is not base64url (the IAB TC string encoding).");
    } catch (RuntimeException e) {
      throw malformed(BROKEN);
    }
    if (version == 1) {
      readV1(tc);
      throw new InvalidInput(ErrorCode.TC_STRING_NOT_V2, NOT_V2, List.of(new FieldError(FIELD,
          ErrorCode.TC_STRING_NOT_V2.name(), NOT_V2)));
    }
    try {
      TcSignal signal = new TcSignal(
          tc.getVersion(),
          tc.getCreated(),
          tc.getLastUpdated(),
          tc.getCmpId(),
          tc.getCmpVersion(),
          tc.getConsentScreen(),
          tc.getConsentLanguage(),
          tc.getVendorListVersion(),
          tc.getTcfPolicyVersion(),
          tc.isServiceSpecific(),
          tc.getPurposeOneTreatment(),
          tc.getPublisherCC(),
          ids(tc.getSpecialFeatureOptIns()),
          ids(tc.getPurposesConsent()),
          ids(tc.getPurposesLITransparency()),
          ids(tc.getVendorConsent()),
          ids(tc.getVendorLegitimateInterest()));
      // not mapped, but part of the string: read so that a string broken there is refused too
      tc.getUseNonStandardStacks();
      tc.getPublisherRestrictions().forEach(r -> ids(r.getVendorIds()));
      ids(tc.getDisclosedVendors());
      ids(tc.getAllowedVendors());
      ids(tc.getPubPurposesConsent());
      ids(tc.getPubPurposesLITransparency());
      ids(tc.getCustomPurposesConsent());
      ids(tc.getCustomPurposesLITransparency());
      if (signal.created() == null || signal.lastUpdated() == null
          || signal.consentLanguage() == null || signal.publisherCountry() == null) {
        throw new IllegalStateException("a core field decoded to nothing");
      }
      return signal;
    } catch (RuntimeException e) {
      throw malformed(BROKEN);
    }
  }

  /** A v1 string is only "not v2" if it is a whole v1 string; a broken one is malformed. */
  private static void readV1(TCString tc) {
    try {
      tc.getCreated();
      tc.getLastUpdated();
      tc.getCmpId();
      tc.getCmpVersion();
      tc.getConsentScreen();
      tc.getConsentLanguage();
      tc.getVendorListVersion();
      ids(tc.getPurposesConsent());
      ids(tc.getVendorConsent());
      tc.getDefaultVendorConsent();
    } catch (RuntimeException e) {
      throw malformed(BROKEN);
    }
  }

  private static Set<Integer> ids(IntIterable ids) {
    Set<Integer> out = new TreeSet<>();
    ids.forEach(out::add);
    return out;
  }

  private static InvalidInput malformed(String message) {
    return new InvalidInput(ErrorCode.MALFORMED_TC_STRING, message,
        List.of(new FieldError(FIELD, ErrorCode.MALFORMED_TC_STRING.name(), message)));
  }
}
