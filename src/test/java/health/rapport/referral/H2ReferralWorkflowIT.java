package health.rapport.referral;

import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("it")
class H2ReferralWorkflowIT extends ReferralWorkflowContract {}
