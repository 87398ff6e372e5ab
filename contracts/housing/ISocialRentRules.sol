// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev Social-housing rental rules (kaderbesluit sociale huur; since 2021 book 6 of the Besluit
 * Vlaamse Codex Wonen) for the dwellings of a woonmaatschappij.
 *
 * A RULE_ADMIN publishes one parameter set per rule year; a published set never changes, a
 * correction is a new version of that year with a reason hash. `eligibility` and `rent` are
 * views (eth_call): the household figures they receive are never stored or emitted. Every result
 * names the rule year and version it used.
 *
 * All money is in euro cents. The rent is
 * `min(BH, max(MHP + EC, round(I_eff / d) - PK - GK + EC))` with `I_eff = max(I, leefloon)`,
 * rounded half-up to the cent; the divisor `d` comes from the band of `I` (before the floor)
 * against the registration limit `L`: `I <= L`, `L < I < 1.25 L`, `1.25 L <= I < 1.5 L`,
 * `I >= 1.5 L` (edges in percent are parameters).
 *
 * A parameter that was not supplied is absent (its bit in `present` is clear), never zero: a
 * computation that needs it reverts with {SocialRentRulesMissingParameter} naming it with its
 * public name (`min_rent.low`, `leefloon_annual.family`, ...). Presence bits, in order:
 * 0 income_limit.single, 1 income_limit.single_disabled, 2 income_limit.other,
 * 3 income_limit.per_dependant, 4 divisors, 5 band_edges, 6 family_discount.full,
 * 7 family_discount.half, 8 family_discount.double, 9 min_rent.low, 10 min_rent.high,
 * 11 patrimony_discount_max, 12 leefloon_annual.single, 13 leefloon_annual.cohabiting,
 * 14 leefloon_annual.family.
 *
 * A LANDLORD (woonmaatschappij) keeps a lease register: a lease of a dwelling id is opened with
 * a commitment `keccak256(salt ‖ canonical decision)` and the rule year/version used; each yearly
 * revision (1 January) and each mid-term revision (income drop, family change) adds a new
 * commitment. Only commitments, rule years, versions and dates are stored: the tenant holds the
 * decision and its salt and can prove it. Dates are `YYYYMMDD` integers.
 */
interface ISocialRentRules {
    /// @dev Parameters of one rule year (money in cents; absent fields are zero and unflagged).
    struct RuleParameters {
        uint16 present;
        uint64 incomeLimitSingle;
        uint64 incomeLimitSingleDisabled;
        uint64 incomeLimitOther;
        uint64 incomeLimitPerDependant;
        uint16[4] divisors;
        uint16[3] bandEdges;
        uint64 familyDiscountFull;
        uint64 familyDiscountHalf;
        uint64 familyDiscountDouble;
        uint64 minRentLow;
        uint64 minRentHigh;
        uint64 patrimonyDiscountMax;
        uint64 leefloonSingle;
        uint64 leefloonCohabiting;
        uint64 leefloonFamily;
    }

    /**
     * @dev A household as the rules see it. `category`: 0 single, 1 single with disability,
     * 2 other. `income`: indexed annual taxable income (cents). `leefloonCategory`: 0 derive,
     * 1 single, 2 cohabiting, 3 family. Signed amounts so that a negative one is refused clearly.
     * Only in calldata and memory (never stored), so its field order follows the public schema.
     */
    // solhint-disable-next-line gas-struct-packing
    struct Household {
        uint8 category;
        int256 income;
        uint16 dependants;
        uint16 dependantsHalf;
        uint16 dependantsDouble;
        uint8 leefloonCategory;
    }

    /// @dev A dwelling's monthly amounts (cents) and whether the high minimum rent applies.
    struct Dwelling {
        int256 baseRent;
        int256 patrimonyDiscount;
        int256 energyCorrection;
        bool minRentHigh;
    }

    /// @dev Result of {eligibility}: `income <= limit`.
    // solhint-disable-next-line gas-struct-packing
    struct Eligibility {
        uint16 year;
        uint32 version;
        uint256 limit;
        uint256 income;
        bool eligible;
    }

    /// @dev Result of {rent}: every step of the monthly rent, in cents.
    struct RentBreakdown {
        uint16 year;
        uint32 version;
        uint16 divisor;
        uint256 incomeUsed;
        uint256 incomeShare;
        uint256 familyDiscount;
        uint256 patrimonyDiscount;
        uint256 energyCorrection;
        int256 incomeBased;
        uint256 minimum;
        uint256 cap;
        uint256 rent;
    }

    /// @dev What a lease record is: the opening decision, a yearly or a mid-term revision.
    enum RecordKind {
        Opening,
        Yearly,
        MidTerm
    }

    /// @dev One decision of a lease: only its commitment and the rules and date it used.
    struct LeaseRecord {
        bytes32 commitment;
        RecordKind kind;
        uint16 ruleYear;
        uint32 ruleVersion;
        uint32 effectiveDate;
    }

    /// @dev A lease: the dwelling, the landlord that keeps it, its number of records and end.
    struct LeaseInfo {
        bytes32 dwellingId;
        address landlord;
        uint32 records;
        bool active;
        uint32 endDate;
    }

    /// @dev Rule year `year` got version `version`; `reasonHash` explains a correction.
    event RulesPublished(
        uint16 indexed year,
        uint32 indexed version,
        bytes32 parametersHash,
        bytes32 reasonHash,
        address indexed publisher
    );

    /// @dev Lease `leaseId` of `dwellingId` was opened by `landlord` with its first decision.
    event LeaseOpened(
        uint256 indexed leaseId,
        bytes32 indexed dwellingId,
        address indexed landlord,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 effectiveDate
    );

    /// @dev Lease `leaseId` got decision number `index` (0 is the opening one).
    event LeaseRevised(
        uint256 indexed leaseId,
        uint32 indexed index,
        RecordKind kind,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 effectiveDate
    );

    /// @dev Lease `leaseId` ended on `endDate`; its dwelling can be leased again.
    event LeaseEnded(uint256 indexed leaseId, uint32 endDate);

    /// @dev The constructor got the zero address as admin.
    error SocialRentRulesZeroAdmin();

    /// @dev Rule year `year` has no version `version` (version 0: the year was never published).
    error SocialRentRulesUnknownRules(uint16 year, uint32 version);

    /// @dev The computation needs `parameter`, which version `version` of `year` lacks.
    error SocialRentRulesMissingParameter(uint16 year, uint32 version, string parameter);

    /// @dev A published parameter set has a bad value in `parameter`.
    error SocialRentRulesInvalidParameter(string parameter);

    /// @dev A correction (version > 1) of `year` was published without a reason hash.
    error SocialRentRulesCorrectionWithoutReason(uint16 year, uint32 version);

    /// @dev The amount in `field` is negative or larger than the supported maximum.
    error SocialRentRulesAmountOutOfRange(string field, int256 value);

    /// @dev The patrimony discount exceeds the maximum of the rule year.
    error SocialRentRulesPatrimonyDiscountTooHigh(uint256 patrimonyDiscount, uint256 maximum);

    /// @dev The code in `field` is not one of the defined categories.
    error SocialRentRulesInvalidCategory(string field, uint8 value);

    /// @dev The dwelling already has the active lease `leaseId`.
    error SocialRentRulesDwellingLeased(bytes32 dwellingId, uint256 leaseId);

    /// @dev No lease has number `leaseId`.
    error SocialRentRulesUnknownLease(uint256 leaseId);

    /// @dev Lease `leaseId` has ended and takes no more records.
    error SocialRentRulesLeaseEnded(uint256 leaseId);

    /// @dev `account` is not the landlord that keeps lease `leaseId`.
    error SocialRentRulesNotLeaseLandlord(uint256 leaseId, address account);

    /// @dev A commitment or dwelling id was zero.
    error SocialRentRulesZeroValue(string field);

    /// @dev The commitment is already recorded (in lease `leaseId`).
    error SocialRentRulesCommitmentUsed(bytes32 commitment, uint256 leaseId);

    /// @dev `date` is not a valid YYYYMMDD calendar date.
    error SocialRentRulesInvalidDate(uint32 date);

    /// @dev `date` is earlier than the lease's latest effective date `latest`.
    error SocialRentRulesDateOutOfOrder(uint256 leaseId, uint32 date, uint32 latest);

    /**
     * @notice Publishes the next version of rule year `year`.
     * @dev RULE_ADMIN only. Version 1 may have a zero `reasonHash`; a correction may not.
     * @return version The new version number (1 for the first publication of the year).
     */
    function publishRules(uint16 year, RuleParameters calldata params, bytes32 reasonHash)
        external
        returns (uint32 version);

    /// @notice The latest version of rule year `year` (0: never published).
    function latestVersion(uint16 year) external view returns (uint32);

    /**
     * @notice The parameters, reason hash and publication time of one version of a rule year.
     * @dev Reverts {SocialRentRulesUnknownRules} when it was not published.
     */
    function ruleSet(uint16 year, uint32 version)
        external
        view
        returns (RuleParameters memory params, bytes32 reasonHash, uint64 publishedAt);

    /// @notice Registration income test under the latest version of `year` (nothing stored).
    function eligibility(uint16 year, Household calldata household)
        external
        view
        returns (Eligibility memory);

    /// @notice Registration income test under version `version` of `year` (nothing stored).
    function eligibilityAtVersion(uint16 year, uint32 version, Household calldata household)
        external
        view
        returns (Eligibility memory);

    /// @notice Monthly rent and its breakdown under the latest version of `year`.
    function rent(uint16 year, Household calldata household, Dwelling calldata dwelling)
        external
        view
        returns (RentBreakdown memory);

    /// @notice Monthly rent and its breakdown under version `version` of `year`.
    function rentAtVersion(
        uint16 year,
        uint32 version,
        Household calldata household,
        Dwelling calldata dwelling
    ) external view returns (RentBreakdown memory);

    /**
     * @notice Opens a lease of `dwellingId` with the commitment of its first decision.
     * @dev LANDLORD only. The dwelling must have no active lease; the rules must be published.
     * @return leaseId The new lease number (from 1).
     */
    function openLease(
        bytes32 dwellingId,
        bytes32 commitment,
        uint16 ruleYear,
        uint32 ruleVersion,
        uint32 startDate
    ) external returns (uint256 leaseId);

    /**
     * @notice Records the yearly revision of 1 January `ruleYear` under version `ruleVersion`.
     * @dev LANDLORD keeping the lease only; effective date `ruleYear`0101, not before the latest.
     */
    function reviseYearly(uint256 leaseId, bytes32 commitment, uint16 ruleYear, uint32 ruleVersion)
        external;

    /**
     * @notice Records a mid-term revision (income drop or family change) effective `effectiveDate`.
     * @dev LANDLORD keeping the lease only; same rule year as the current decision, any
     * published version of it; the kind of change stays inside the commitment.
     */
    function reviseMidTerm(
        uint256 leaseId,
        bytes32 commitment,
        uint32 ruleVersion,
        uint32 effectiveDate
    ) external;

    /// @notice Ends lease `leaseId` on `endDate`. LANDLORD keeping the lease only.
    function endLease(uint256 leaseId, uint32 endDate) external;

    /// @notice The lease `leaseId` (reverts {SocialRentRulesUnknownLease}).
    function lease(uint256 leaseId) external view returns (LeaseInfo memory);

    /// @notice All decisions of lease `leaseId`, oldest first.
    function leaseRecords(uint256 leaseId) external view returns (LeaseRecord[] memory);

    /// @notice The active lease of `dwellingId` (0: none).
    function activeLease(bytes32 dwellingId) external view returns (uint256);

    /// @notice Where `commitment` is recorded: lease and index (lease 0: nowhere).
    function findCommitment(bytes32 commitment)
        external
        view
        returns (uint256 leaseId, uint32 index);

    /// @notice Number of leases opened so far.
    function leaseCount() external view returns (uint256);
}
