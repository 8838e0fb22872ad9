// Sample news for the offline demo, written for newswatch (fictional reporting in the
// style of regional outlets). Each feed starts with a few items (recorded silently on
// the first poll, like a real new feed) and receives more while the demo runs.

export interface SampleItem {
  title: string;
  html: string;
  /** Seconds after the demo starts when the item appears in its feed (0 = already there). */
  at: number;
  /** Optional shared link: the same story carried by two outlets. */
  link?: string;
}

export interface SampleFeed {
  id: string;
  title: string;
  items: SampleItem[];
}

export const SAMPLE_FEEDS: SampleFeed[] = [
  {
    id: 'kabul-ledger',
    title: 'The Kabul Ledger (sample)',
    items: [
      {
        at: 0,
        title: 'Wheat prices ease in Kabul markets',
        html: '<p>Traders in Kabul said flour prices fell for a third week as shipments from Kazakhstan resumed.</p>',
      },
      {
        at: 0,
        title: 'Taliban ministry announces new school calendar',
        html: '<p>The Taliban-run education ministry published the calendar for the coming year on Sunday.</p>',
      },
      {
        at: 12,
        title: 'ISKP claims responsibility for attack on minibus in western Kabul',
        html:
          '<p>Islamic State Khorasan Province said through its news outlet that its fighters planted the bomb that struck a minibus in Dasht-e-Barchi on Tuesday evening.</p>' +
          '<p>Local health workers said at least six passengers were wounded. The neighbourhood, home to many Hazara families, has been targeted repeatedly.</p>' +
          "<p>Zabihullah Mujahid, the Taliban's chief spokesman, wrote that security forces had detained two suspects.</p>",
      },
      {
        at: 40,
        title: 'US envoy Thomas West urges Taliban to reopen girls’ schools',
        html:
          '<p>The US Special Representative for Afghanistan, Thomas West, told a think tank audience in Washington that Afghanistan must never again become a base for groups such as al-Qaeda.</p>' +
          '<p>He said pressure on ISKP had reduced large attacks, but the group still had the ability to plan operations abroad.</p>',
      },
    ],
  },
  {
    id: 'frontier-post',
    title: 'Frontier Daily (sample)',
    items: [
      {
        at: 0,
        title: 'Peshawar cricket academy opens new ground',
        html: '<p>Young players in Peshawar will train on a new turf pitch from next month.</p>',
      },
      {
        at: 25,
        title: 'TTP fighters attack police post in Dera Ismail Khan',
        html:
          '<p>Militants of the Tehrik-i-Taliban Pakistan (TTP) stormed a police post before dawn, officials said, in the third such attack this month.</p>' +
          '<p>Islamabad again accused the Afghan Taliban of allowing the group to operate from across the border, a charge Kabul rejects.</p>' +
          '<p>Analysts said TTP commanders loyal to Noor Wali Mehsud have expanded operations into the southern districts.</p>',
      },
      {
        at: 55,
        title: 'Provincial budget debate stalls over development funds',
        html: '<p>Lawmakers in Khyber Pakhtunkhwa failed to agree on the allocation for roads and hospitals.</p>',
      },
    ],
  },
  {
    id: 'region-wire',
    title: 'Region Wire (sample)',
    items: [
      {
        at: 0,
        title: 'Trade talks between Kabul and Tashkent continue',
        html: '<p>Delegations discussed a railway link and electricity imports.</p>',
      },
      {
        at: 48,
        title: 'Counterterrorism chief warns al-Qaeda could rebuild in the region',
        html:
          '<p>The director of the US National Counterterrorism Center told lawmakers that al-Qaeda had lost most of its senior leadership since the death of Ayman al-Zawahiri in 2022.</p>' +
          '<p>She said the group nonetheless kept small cells in Afghanistan and Pakistan and that the NCTC was watching them closely.</p>',
      },
    ],
  },
];
